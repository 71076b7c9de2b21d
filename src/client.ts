/**
 * The `director` command line: `start` (the quick start), `dev`, `worker`, `run ecommerce`.
 * Connection settings follow Temporal's environment configuration (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TLS, TEMPORAL_API_KEY, profiles); project settings come from DIRECTOR_* variables (see README).
 */
import { Command, Option } from 'commander';
import { devCommand } from './cli/dev-command';
import { quickStart } from './cli/quick-start';
import { runEcommerceCommand, type EcommerceFlags } from './cli/run-command';
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

const program = new Command('director').description('Linn Director: durable creative-production workflows on Temporal');

program
  .command('start')
  .description('run the E-commerce Director on the sample product, starting a local Temporal dev server if needed')
  .action(() => exitWith(quickStart(print)));

program
  .command('dev')
  .description('keep a local Temporal dev server (with Web UI) and a worker running until Ctrl-C')
  .action(() => exitWith(devCommand(print)));

program
  .command('worker')
  .description('run a worker against the configured Temporal cluster')
  .action(() => exitWith(runWorkerFromEnvironment(print).then(() => 0)));

const run = program.command('run').description('start a Director and follow it to the end');

run
  .command('ecommerce')
  .description('product photo → studio background → composition → quality check → publish')
  .requiredOption('--image <path>', 'product photo (a path the worker can read)')
  .addOption(new Option('--style <name>', 'background style').choices(BACKGROUND_STYLES).default('studio-white'))
  .option('--canvas <px>', 'side of the square output in pixels (512-4096)')
  .option('--brand <name>', 'brand the shot is for (filterable in the Web UI)')
  .option('--no-wait', 'print the workflow id and return without waiting')
  .action((flags: EcommerceFlags) => exitWith(runEcommerceCommand(flags, print)));

program.parse();
