/**
 * The `director` command line: start, watch, stop, approve and inspect Directors; record and replay
 * histories; show the effective configuration. Connection settings follow Temporal's environment
 * configuration (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS, TEMPORAL_API_KEY, profiles); project settings
 * come from DIRECTOR_* variables (see README). Each command's logic lives in src/cli/commands/.
 *
 * The commands that run a worker (`start`, `dev`, `worker`, `replay`) load it when they run: the worker
 * brings Temporal's native core, webpack, sharp and the Gemini SDK, which `status`, `list` and the other
 * client commands never need (test/cli/cli-light-commands.test.ts keeps it so).
 */
import { Command, CommanderError, Option } from 'commander';
import type { BudgetFlags } from './cli/commands/budget';
import type { CancelFlags } from './cli/commands/cancel';
import type { CatalogFlags } from './cli/commands/catalog-run';
import type { CodecServerFlags } from './cli/commands/codec-server';
import type { DecideFlags } from './cli/commands/decide';
import type { ReviewFlags } from './cli/review-flags';
import type { CatalogEstimateFlags, EstimateFlags } from './cli/commands/estimate';
import type { FetchFlags } from './cli/commands/fetch';
import type { HistoryFlags } from './cli/commands/history';
import type { ListFlags } from './cli/commands/list';
import type { ReplayFlags } from './cli/commands/replay';
import type { RerunFlags } from './cli/commands/rerun';
import type { RunCommandFlags } from './cli/commands/run';
import type { WaitFlags } from './cli/approval-gate';
import { CliError, ERROR_KINDS, EXIT, EXIT_CODES_HELP } from './cli/exit-codes';
import { LIST_STATUSES } from './cli/list-statuses';
import type { Output } from './cli/output';
import { PRODUCT_TYPES } from './shared/product-types';
import { CATALOG_DIRECTORS, WORKFLOW_TYPES, type DirectorName } from './shared/names';
import { BACKGROUND_STYLES } from './shared/styles';

const print = (line: string) => console.log(line);

function exitWith(code: Promise<number>): void {
  code.then(
    (value) => process.exit(value),
    (error: unknown) => {
      console.error(`director: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(error instanceof CliError ? error.exitCode : EXIT.failed);
    },
  );
}

type JsonFlag = { json?: boolean };

/**
 * Runs a command's body through `runAction`, both loaded when the command runs: they bring Temporal's
 * client (gRPC and the protobuf definitions, most of a command's start-up), which `--help` never needs.
 */
function runAction(flags: JsonFlag, body: (out: Output) => Promise<number>): void {
  exitWith(
    import('./cli/run-action.js').then(({ runAction: run }) => {
      run(flags, body);
      return new Promise<number>(() => {}); // runAction exits the process itself
    }),
  );
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const withJson = (command: Command) =>
  command.option('--json', 'print one JSON document on stdout (and nothing else)');

// exitOverride before any subcommand is added, so every subcommand inherits it: usage errors become exit 2.
const program = new Command('director')
  .description('Linn Director: durable creative-production workflows on Temporal')
  .exitOverride()
  .showHelpAfterError('(director --help lists the commands and exit codes)')
  .addHelpText('after', EXIT_CODES_HELP);

program
  .command('start')
  .description(
    'run the E-commerce Director on the sample product, starting a local Temporal dev server if needed',
  )
  .action(() => exitWith(import('./cli/quick-start.js').then(({ quickStart }) => quickStart(print))));

program
  .command('dev')
  .description('keep a local Temporal dev server (with Web UI) and a worker running until Ctrl-C')
  .action(() => exitWith(import('./cli/dev-command.js').then(({ devCommand }) => devCommand(print))));

program
  .command('worker')
  .description('run a worker against the configured Temporal cluster')
  .action(() =>
    exitWith(
      import('./worker.js')
        .then(({ runWorkerFromEnvironment }) => runWorkerFromEnvironment(print))
        .then(() => EXIT.ok),
    ),
  );

const run = program
  .command('run')
  .description('start a Director and follow it to the end (exit 0 done, 1 run failed, 2 bad input)');

const common = (command: Command) =>
  withJson(
    command
      .option('--input <file.json>', 'read the input from a JSON file (flags override its fields)')
      .option('--no-wait', 'print the workflow id and return without waiting')
      .option('--follow', 'live view while it runs: stages, fan-out items, elapsed time')
      .option('--upload', 'put local images into the store even when it is a local folder')
      .option(
        '--task-queue <name>',
        "task queue of the worker to run it on (default: the store's own, see `director config`)",
      ),
  );

const runAs = (director: DirectorName) => (flags: RunCommandFlags & JsonFlag) =>
  runAction(flags, async (out) => (await import('./cli/commands/run.js')).runCommand(director, flags, out));

common(
  run
    .command('ecommerce')
    .description('product photo → studio background → composition → quality check → publish')
    .option('--image <path>', 'product photo (a path the worker can read)')
    .addOption(new Option('--style <name>', 'background style').choices(BACKGROUND_STYLES))
    .option('--canvas <px>', 'side of the square output in pixels (512-4096)')
    .option('--brand <name>', 'brand the shot is for (filterable in the Web UI)'),
).action(runAs('ecommerce'));

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
    .option('--approval-timeout <duration>', 'how long to wait, e.g. 30m (then reject)')
    .option('--review-rounds <n>', 'review rounds in which images may be redone, 0-5 (default 2)')
    .option('--fresh', 'reuse nothing from the stage cache: write the prompts and draw the images again'),
).action(runAs('creative'));

common(
  run
    .command('product')
    .description('product photo → analysis → a branch per product type (child workflow) → publish')
    .option('--image <path>', 'product photo')
    .addOption(new Option('--type <type>', 'product type').choices(PRODUCT_TYPES))
    .option('--size <px>', 'longest side of the outputs')
    .option('--brand <name>', 'brand (filterable in the Web UI)'),
).action(runAs('product'));

withJson(
  run
    .command('catalog')
    .description(
      'a manifest of SKUs (CSV or JSONL), each line a child E-commerce or Product Director, through a bounded window',
    )
    .option('--manifest <file>', 'the manifest: .csv (header row) or .jsonl; image paths are relative to it')
    .option('--window <n>', 'lines in flight at once, 1-64 (default: sized to the image quota)')
    .option('--segment-lines <n>', 'lines per continue-as-new segment, 2-5000 (keeps history small)')
    .option('--max-failure-ratio <r>', 'stop starting lines once this fraction (0-1) of them has failed')
    .addOption(
      new Option('--director <name>', "lines' Director unless a line names one").choices(CATALOG_DIRECTORS),
    )
    .addOption(
      new Option('--style <name>', "lines' background style unless a line names one").choices(
        BACKGROUND_STYLES,
      ),
    )
    .option('--brand <name>', "lines' brand unless a line names one")
    .option('--title <text>', 'shown in the report and the CLI (default: the manifest file name)')
    .option('--id <workflowId>', 'the workflow id (default: catalog-<manifest name>-<time>-<random>)')
    .option('--detach', 'print the workflow id and return; follow it later with `director watch <id>`')
    .option('--upload', 'put local images into the store even when it is a local folder')
    .option(
      '--task-queue <name>',
      "task queue of the worker to run it on (default: the store's own, see `director config`)",
    )
    .addHelpText(
      'after',
      `
A malformed manifest fails at once (exit 2, "products.csv line 14, column 9: …"): nothing is uploaded and
nothing starts. An image that cannot be found is a warning: the catalog records that line as failed and
the others go on. Ctrl-C stops showing the bar, not the catalog; \`director pause|resume|cancel <id>\`.`,
    ),
).action((flags: CatalogFlags & JsonFlag) =>
  runAction(flags, async (out) =>
    (await import('./cli/commands/catalog-run.js')).runCatalogCommand(flags, out),
  ),
);

for (const action of ['pause', 'resume'] as const) {
  withJson(
    program
      .command(action)
      .argument('<workflowId>')
      .description(
        action === 'pause'
          ? 'pause a catalog: lines in flight finish, no new ones start (prints its state after)'
          : 'resume a paused catalog (prints its state after)',
      ),
  ).action((id: string, flags: JsonFlag) =>
    runAction(flags, async (out) =>
      action === 'pause'
        ? (await import('./cli/commands/pause.js')).pauseCommand(id, out)
        : (await import('./cli/commands/resume.js')).resumeCommand(id, out),
    ),
  );
}

withJson(
  program
    .command('rerun')
    .argument('<workflowId>')
    .description(
      "start a run again from an earlier run's input with some fields changed; the Creative Director reuses every stage whose inputs did not change",
    )
    .option(
      '--set <key=value>',
      'change an input field, e.g. mood="warm linen", count=8, validation.maxRounds=1 (repeat for several)',
      collect,
    )
    .option('--fresh', 'reuse nothing from the stage cache (Creative Director)')
    .option('--no-wait', 'print the workflow id and return without waiting')
    .option('--follow', 'live view while it runs: stages, fan-out items, elapsed time')
    .option('--task-queue <name>', "task queue of the worker to run it on (default: the earlier run's)"),
).action((id: string, flags: RerunFlags & JsonFlag) =>
  runAction(flags, async (out) => (await import('./cli/commands/rerun.js')).rerunCommand(id, flags, out)),
);

withJson(
  program
    .command('status')
    .argument('<workflowId>')
    .description('where a run stands: status, times, progress and its stage table'),
).action((id: string, flags: JsonFlag) =>
  runAction(flags, async (out) => (await import('./cli/commands/status.js')).statusCommand(id, out)),
);

withJson(
  program
    .command('watch')
    .argument('<workflowId>')
    .description(
      "live view of a run until it closes, then its stage table; a catalog's bar and latest failures (exit 0 done, 1 failed)",
    ),
).action((id: string, flags: JsonFlag) =>
  runAction(flags, async (out) => (await import('./cli/commands/watch.js')).watchCommand(id, out)),
);

withJson(
  program
    .command('cancel')
    .argument('<workflowId>')
    .description(
      'stop a run (the `cancel` signal): its finished stages are rolled back (a catalog: every line undone)',
    )
    .option('--reason <text>', 'why, recorded in the run'),
).action((id: string, flags: CancelFlags & JsonFlag) =>
  runAction(flags, async (out) => (await import('./cli/commands/cancel.js')).cancelCommand(id, flags, out)),
);

for (const decision of ['approve', 'reject'] as const) {
  withJson(
    program
      .command(decision)
      .argument('<workflowId>')
      .description(
        `${decision} a run waiting at its approval gate (exit 2 when it is not waiting for approval)`,
      )
      .option('--by <name>', 'who decides (default: your user name)')
      .option('--note <text>', 'a note kept with the decision'),
  ).action((id: string, flags: DecideFlags & JsonFlag) =>
    runAction(flags, async (out) =>
      (await import('./cli/commands/decide.js')).decideCommand(decision, id, flags, out),
    ),
  );
}

withJson(
  program
    .command('review')
    .argument('<workflowId>')
    .description(
      "decide candidates one by one at a Creative Director's gate (prints the new state; exit 2 when refused)",
    )
    .option('--keep <indexes>', 'keep these candidates, e.g. 0,2 (repeatable)', collect)
    .option('--drop <indexes>', 'drop these candidates, e.g. 1 (repeatable)', collect)
    .option(
      '--redo <index:note>',
      'redo a candidate, its prompt amended by the note, e.g. 3:"warmer light" (repeatable)',
      collect,
    )
    .option('--by <name>', 'who decides (default: your user name)'),
).action((id: string, flags: ReviewFlags & JsonFlag) =>
  runAction(flags, async (out) => (await import('./cli/commands/review.js')).reviewCommand(id, flags, out)),
);

withJson(
  program
    .command('list')
    .description('recent Director runs, newest first, filtered through their search attributes')
    .addOption(
      new Option('--director <name>', 'only this Director (or `catalog`)').choices([
        ...Object.keys(WORKFLOW_TYPES),
        'catalog',
      ]),
    )
    .option('--brand <name>', 'only runs for this brand (DirectorBrand)')
    .addOption(new Option('--status <status>', 'only runs in this state').choices(Object.keys(LIST_STATUSES)))
    .option('--limit <n>', 'at most this many runs (default 20)')
    .option('--children', 'also list child runs (Product Director branches), marked by DirectorParent'),
).action((flags: ListFlags & JsonFlag) =>
  runAction(flags, async (out) => (await import('./cli/commands/list.js')).listCommand(flags, out)),
);

withJson(
  program
    .command('result')
    .argument('<workflowId>')
    .description('wait for a run and print its result as JSON, or its failure with the stage table')
    .option('--wait', 'wait even when the run is waiting at its approval gate'),
).action((id: string, flags: WaitFlags & JsonFlag) =>
  runAction(flags, async (out) => (await import('./cli/commands/result.js')).resultCommand(id, flags, out)),
);

withJson(
  program
    .command('report')
    .argument('<workflowId>')
    .description("print the paths of a finished run's contact sheet and HTML report")
    .option('--wait', 'wait even when the run is waiting at its approval gate'),
).action((id: string, flags: WaitFlags & JsonFlag) =>
  runAction(flags, async (out) => (await import('./cli/commands/report.js')).reportCommand(id, flags, out)),
);

withJson(
  program
    .command('fetch')
    .argument('<workflowId>')
    .description("download a finished run's outputs and report from the store (S3 or the output folder)")
    .option('--to <dir>', 'the folder to download into (default: ./<runKey>)')
    .option('--wait', 'wait even when the run is waiting at its approval gate'),
).action((id: string, flags: FetchFlags & JsonFlag) =>
  runAction(flags, async (out) => (await import('./cli/commands/fetch.js')).fetchCommand(id, flags, out)),
);

withJson(
  program
    .command('history')
    .argument('<workflowId>')
    .description("write a run's event history as JSON (the form `director replay` reads)")
    .option('--out <file.json>', 'write it to this file (default: stdout)'),
).action((id: string, flags: HistoryFlags & JsonFlag) =>
  runAction(flags, async (out) => (await import('./cli/commands/history.js')).historyCommand(id, flags, out)),
);

withJson(
  program
    .command('replay')
    .argument('<file.json>')
    .description(
      'replay a recorded history on the current workflow code: exit 1 when it is not deterministic',
    )
    .option('--workflow-id <id>', 'the workflow id to replay as (default: the one in the history)'),
).action((file: string, flags: ReplayFlags & JsonFlag) =>
  runAction(flags, async (out) => (await import('./cli/commands/replay.js')).replayCommand(file, flags, out)),
);

withJson(
  program
    .command('config')
    .description('the effective configuration, secrets masked (exit 2 when a setting is invalid)'),
).action((flags: JsonFlag) =>
  runAction(flags, async (out) => (await import('./cli/commands/config.js')).configCommand(out)),
);

program
  .command('codec-server')
  .description(
    'serve the payload keys to the Web UI (Temporal remote codec protocol) so encrypted runs read as JSON',
  )
  .option('--port <n>', 'port to listen on (default 8888)')
  .option('--host <address>', 'interface to bind (default 127.0.0.1; the keys decrypt every payload)')
  .option(
    '--origin <url>',
    'Web UI origin allowed to call it, e.g. https://cloud.temporal.io (repeat for several; default the local dev server UI, http://127.0.0.1:8233 and http://localhost:8233)',
    collect,
  )
  .action((flags: CodecServerFlags) =>
    exitWith(
      import('./cli/commands/codec-server.js').then(({ codecServerCommand }) =>
        codecServerCommand(flags, print),
      ),
    ),
  );

// The budget: every Director's cost-cap flags, `estimate` (the same flags as `run`, nothing started) and
// `budget` (see or raise a run's cost cap; a run paused for budget resumes when raised).
const RUN_ONLY_FLAGS = new Set(['--no-wait', '--follow', '--upload', '--task-queue', '--json']);
const estimate = program
  .command('estimate')
  .description(
    "a run's expected model calls, tokens, images and dollars, before starting it (starts nothing)",
  );
for (const director of Object.keys(WORKFLOW_TYPES) as DirectorName[]) {
  const runCommand = run.commands.find((command) => command.name() === director);
  if (!runCommand) continue;
  runCommand
    .option(
      '--cost-cap <usd>',
      'the run pauses before a model call would take its cost past this (default 5)',
    )
    .option(
      '--budget-timeout <duration>',
      'how long a run paused for budget waits for `director budget --raise` (default 24 hours)',
    );
  const command = estimate.command(director).description(`estimate: ${runCommand.description()}`);
  for (const option of runCommand.options)
    if (!RUN_ONLY_FLAGS.has(option.long ?? '')) command.addOption(option);
  withJson(
    command.addOption(
      new Option('--model <kind>', 'price this model (default: the one the configuration selects)').choices([
        'local',
        'gemini',
      ]),
    ),
  ).action((flags: EstimateFlags & JsonFlag) =>
    runAction(flags, async (out) =>
      (await import('./cli/commands/estimate.js')).estimateCommand(director, flags, out),
    ),
  );
}

const catalogRun = run.commands.find((command) => command.name() === 'catalog');
const catalogEstimate = estimate
  .command('catalog')
  .description('estimate: every manifest line priced as its own run, summed per Director');
const CATALOG_ESTIMATE_FLAGS = new Set(['--manifest', '--director', '--style', '--brand']);
for (const option of catalogRun?.options ?? [])
  if (CATALOG_ESTIMATE_FLAGS.has(option.long ?? '')) catalogEstimate.addOption(option);
withJson(
  catalogEstimate.addOption(
    new Option('--model <kind>', 'price this model (default: the one the configuration selects)').choices([
      'local',
      'gemini',
    ]),
  ),
).action((flags: CatalogEstimateFlags & JsonFlag) =>
  runAction(flags, async (out) =>
    (await import('./cli/commands/estimate.js')).estimateCatalogCommand(flags, out),
  ),
);

withJson(
  program
    .command('budget')
    .argument('<workflowId>')
    .description(
      "a run's cost cap, spend and budget pause; --raise adds dollars to the cap (a paused run resumes)",
    )
    .option('--raise <usd>', 'dollars to add to the cap, e.g. 2.50')
    .option('--by <name>', 'who raises it (default: your user name)'),
).action((id: string, flags: BudgetFlags & JsonFlag) =>
  runAction(flags, async (out) => (await import('./cli/commands/budget.js')).budgetCommand(id, flags, out)),
);

try {
  program.parse();
} catch (error: unknown) {
  if (!(error instanceof CommanderError)) throw error;
  // Commander has already printed the message (or the help) to stderr / stdout.
  if (error.exitCode === 0) process.exit(EXIT.ok);
  if (process.argv.includes('--json')) {
    const document = {
      error: { kind: ERROR_KINDS[EXIT.usage], message: error.message },
      exitCode: EXIT.usage,
    };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  }
  process.exit(EXIT.usage);
}
