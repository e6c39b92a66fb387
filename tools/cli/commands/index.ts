import type { Command } from 'commander';
import type { AdminIo } from '../admin-context';
import { registerAccounts } from './accounts';
import { registerAudit } from './audit';
import { registerDeadLetters } from './dead-letters';
import { registerKeys } from './keys';
import { registerLag } from './lag';
import { registerRebuild } from './rebuild';
import { registerRootKey } from './root-key';

/** Adds one command (and its subcommands) to the program. */
export type RegisterCommand = (program: Command, io: AdminIo) => void;

/**
 * Every `iam-admin` command, in the order `--help` lists them. A new one is
 * a file in this folder exporting its `register…` function, added here.
 */
export const adminCommands: RegisterCommand[] = [
  registerRebuild,
  registerLag,
  registerDeadLetters,
  registerAccounts,
  registerRootKey,
  registerKeys,
  registerAudit,
];
