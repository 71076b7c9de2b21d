/**
 * The `director` command line: `start` (the quick start), `dev`, `worker`, `run <director>`.
 * Connection settings follow Temporal's environment configuration (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TLS, TEMPORAL_API_KEY, profiles); project settings come from DIRECTOR_* variables (see README).
 */
import { Command, Option } from 'commander';
import { devCommand } from './cli/dev-command';
import type { RunFlags } from './cli/director-inputs';
import { quickStart } from './cli/quick-start';
import { runCommand } from './cli/run-command';
import { PRODUCT_TYPES } from './shared/product-input';
import { BACKGROUND_STYLES } from './shared/styles';
import { runWorkerFromEnvironment } from './worker';

const print = (line: string) => console.log(line);

function exitWith(code: Promise<number>): void {
  code.then(
    (value) => process.exit(value),
    (error: unknown) => {
      console.error(`director: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

const program = new Command('director').description(
  'Linn Director: durable creative-production workflows on Temporal',
);

program
  .command('start')
  .description(
    'run the E-commerce Director on the sample product, starting a local Temporal dev server if needed',
  )
  .action(() => exitWith(quickStart(print)));

program
  .command('dev')
  .description('keep a local Temporal dev server (with Web UI) and a worker running until Ctrl-C')
  .action(() => exitWith(devCommand(print)));

program
  .command('worker')
  .description('run a worker against the configured Temporal cluster')
  .action(() => exitWith(runWorkerFromEnvironment(print).then(() => 0)));

const run = program
  .command('run')
  .description('start a Director and follow it to the end (exit 0 done, 1 run failed, 2 bad input)');

const common = (command: Command) =>
  command
    .option('--input <file.json>', 'read the input from a JSON file (flags override its fields)')
    .option('--no-wait', 'print the workflow id and return without waiting');

common(
  run
    .command('ecommerce')
    .description('product photo → studio background → composition → quality check → publish')
    .option('--image <path>', 'product photo (a path the worker can read)')
    .addOption(new Option('--style <name>', 'background style').choices(BACKGROUND_STYLES))
    .option('--canvas <px>', 'side of the square output in pixels (512-4096)')
    .option('--brand <name>', 'brand the shot is for (filterable in the Web UI)'),
).action((flags: RunFlags) => exitWith(runCommand('ecommerce', flags, print)));

common(
  run
    .command('creative')
    .description(
      'references → brand guide → prompts → images (fan-out) → validation → post-processing → publish',
    )
    .option('--ref <path>', 'a reference image (repeat for several)', collect)
    .option('--brand <id>', 'brand guide id (see brands/)')
    .option('--mood <words>', 'the mood of the batch')
    .option('--count <n>', 'images to make (1-64)')
    .option('--size <px>', 'longest side of each image')
    .option('--approval', 'wait for approve / reject before publishing')
    .option('--approval-timeout <duration>', 'how long to wait, e.g. 30m (then reject)'),
).action((flags: RunFlags) => exitWith(runCommand('creative', flags, print)));

common(
  run
    .command('product')
    .description('product photo → analysis → a branch per product type (child workflow) → publish')
    .option('--image <path>', 'product photo')
    .addOption(new Option('--type <type>', 'product type').choices(PRODUCT_TYPES))
    .option('--size <px>', 'longest side of the outputs')
    .option('--brand <name>', 'brand (filterable in the Web UI)'),
).action((flags: RunFlags) => exitWith(runCommand('product', flags, print)));

program.parse();
