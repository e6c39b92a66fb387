import type { Provider, Type } from '@nestjs/common';
import type { InlineProjection } from '@iam/event-store';
import { IDENTITY_SCHEMA } from '../identity.tokens';
import { AccountStreams } from './account-streams';
import { AccountsController } from './accounts.controller';
import { AccountsProjection } from './accounts.projection';
import { AccountsQueries } from './accounts.queries';
import { CreateAccountHandler } from './create-account';
import { CreateAccountAliasHandler } from './create-account-alias';
import { DeleteAccountAliasHandler } from './delete-account-alias';
import { DeleteAccountPasswordPolicyHandler } from './delete-account-password-policy';
import { GetAccountPasswordPolicyHandler } from './get-account-password-policy';
import { GetAccountSummaryHandler } from './get-account-summary';
import { ListAccountAliasesHandler } from './list-account-aliases';
import { UpdateAccountPasswordPolicyHandler } from './update-account-password-policy';

/**
 * What this slice adds to the identity module: its routes, its use cases (one handler each), queries and
 * read model. The management account's bootstrap is no route: the module runs it at start (bootstrap.ts).
 */
export const accountsSlice = {
  controllers: [AccountsController] as Type[],
  providers: [
    {
      provide: AccountsQueries,
      inject: [IDENTITY_SCHEMA],
      useFactory: (schema: string) => new AccountsQueries(schema),
    },
    AccountStreams,
    CreateAccountHandler,
    GetAccountSummaryHandler,
    ListAccountAliasesHandler,
    CreateAccountAliasHandler,
    DeleteAccountAliasHandler,
    GetAccountPasswordPolicyHandler,
    UpdateAccountPasswordPolicyHandler,
    DeleteAccountPasswordPolicyHandler,
  ] as Provider[],
  projections: (schema: string): InlineProjection[] => [new AccountsProjection(schema)],
};
