import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerfileParser, type Copy, type Instruction } from 'dockerfile-ast';
import { eventually } from '@iam/testing';

const root = join(__dirname, '..', '..');

interface Stage {
  name: string | null;
  instructions: Instruction[];
}

/** The Dockerfile's stages, each with its instructions after FROM. */
function stagesOf(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = DockerfileParser.parse(instruction.getTextContent()).getFROMs()[0];
      stages.push({ name: from.getBuildStage(), instructions: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return stages;
}

/** A JSON-form command (`["node", "x.js"]`) as argv. */
const argvOf = (content: string): string[] => JSON.parse(content) as string[];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * No container engine runs here, so this assembles the final image's /app as
 * the Dockerfile says (its COPY instructions, the dependencies stage's RUN,
 * the build stage's output), on this machine's Node, and starts it with the
 * image's CMD and environment until its HEALTHCHECK passes: a runtime import
 * of a development-only package, a file the image does not copy, or a broken
 * entry point or health check fails here.
 */
describe('the image, assembled as the Dockerfile says (no engine)', () => {
  const stages = stagesOf(readFileSync(join(root, 'Dockerfile'), 'utf8'));
  const work = mkdtempSync(join(tmpdir(), 'iam-image-'));
  const dirs = new Map<string, string>();
  let server: ChildProcess | undefined;

  afterAll(() => {
    server?.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  /** Runs a stage's COPY and (when `runCommands`) RUN instructions in a folder of its own standing for /app. */
  function assemble(stage: Stage, runCommands: boolean, env: NodeJS.ProcessEnv): string {
    const dir = join(work, stage.name ?? 'final');
    mkdirSync(dir, { recursive: true });
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword === 'WORKDIR') expect(instruction.getArgumentsContent()).toBe('/app');
      if (keyword === 'COPY') {
        const args = instruction.getArguments().map((a) => a.getValue());
        const destination = args[args.length - 1];
        const fromStage = (instruction as Copy).getFromFlag()?.getValue();
        for (const source of args.slice(0, -1)) {
          const from = fromStage
            ? join(dirs.get(fromStage) as string, source.replace(/^\/app\/?/, ''))
            : join(root, source);
          const to = destination.endsWith('/') ? join(dir, destination, source) : join(dir, destination);
          cpSync(from, to, { recursive: true });
        }
      }
      if (keyword === 'RUN' && runCommands) {
        execFileSync('bash', ['-euo', 'pipefail', '-c', instruction.getArgumentsContent() as string], {
          cwd: dir,
          env,
          stdio: 'ignore',
        });
      }
    }
    if (stage.name) dirs.set(stage.name, dir);
    return dir;
  }

  it('starts from production dependencies only, with its CMD, and turns healthy', async () => {
    const [build, dependencies, final] = [
      stages.find((s) => s.name === 'build'),
      stages.find((s) => s.name === 'dependencies'),
      stages[stages.length - 1],
    ];
    expect([build, dependencies].every(Boolean)).toBe(true);
    // The build stage compiles with every dependency: this checkout's, already installed.
    execFileSync(process.execPath, [join(root, 'tools', 'build.js')], { cwd: root, stdio: 'ignore' });
    dirs.set('build', root);
    // Its own npm cache, so its `npm cache clean` leaves this machine's alone.
    assemble(dependencies as Stage, true, {
      ...process.env,
      npm_config_cache: join(work, 'npm-cache'),
      NODE_ENV: 'production',
    });
    const app = assemble(final, false, {});
    expect(spawnSync('test', ['-e', join(app, 'node_modules', 'typescript')]).status).not.toBe(0);
    expect(spawnSync('test', ['-e', join(app, 'node_modules', 'jest')]).status).not.toBe(0);

    const imageEnv = Object.fromEntries(
      final.instructions
        .filter((i) => i.getKeyword() === 'ENV')
        .flatMap((i) => i.getArguments().map((a) => a.getValue().split('=') as [string, string])),
    );
    const port = String(await freePort());
    // The image's environment; the data volume and port moved to this machine's free ones.
    const env = {
      PATH: process.env.PATH,
      ...imageEnv,
      PORT: port,
      IAM_DATA_DIR: join(work, 'data'),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    };
    const cmd = argvOf(final.instructions.find((i) => i.getKeyword() === 'CMD')!.getArgumentsContent()!);
    const healthcheck = argvOf(
      final.instructions
        .find((i) => i.getKeyword() === 'HEALTHCHECK')!
        .getArgumentsContent()!
        .replace(/^.*?CMD\s+/, ''),
    );
    expect(cmd[0]).toBe('node');
    server = spawn(process.execPath, cmd.slice(1), { cwd: app, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    server.stderr?.on('data', (chunk) => void (stderr += String(chunk)));
    const healthy = await eventually(
      async () => {
        if (server?.exitCode !== null) throw new Error(`the image's CMD exited: ${stderr}`);
        return spawnSync(process.execPath, healthcheck.slice(1), { cwd: app, env }).status;
      },
      (status) => status === 0,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(healthy).toBe(0);
  }, 240_000);
});
