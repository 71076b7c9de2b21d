/**
 * The Go programs the production topology needs, pinned: module version and the module's checksum as the
 * Go checksum database records it (`h1:`), checked before anything is built. Bump a pin here, with the
 * `Sum` that `go mod download -json <module>@<version>` prints, and every route follows it.
 */

/** One `go install`-able program at a pinned, checksummed module version. */
export interface GoToolPin {
  /** The cached file's name (the version is appended). */
  readonly name: string;
  /** The module that holds the program. */
  readonly module: string;
  /** The program's package path inside the module. */
  readonly package: string;
  /** Exact module version. */
  readonly version: string;
  /** The module zip's checksum (`h1:` base64 sha256 of its file hashes), from the checksum database. */
  readonly moduleSum: string;
  /** The environment variable naming an explicit executable, which skips the build. */
  readonly pathEnv: string;
}

/** The Go toolchain the pinned modules build with (the Temporal server needs a newer Go than Debian's). */
export const GO_TOOLCHAIN = 'go1.27.3';

const TEMPORAL_SERVER_MODULE = {
  module: 'go.temporal.io/server',
  version: 'v1.32.2',
  moduleSum: 'h1:X2LlGNAXOrdCYSwBxO7cvZgHAN2m8frhcsNcoeezK/4=',
} as const;

/** The multi-service Temporal server (frontend, history, matching, worker as separate processes). */
export const TEMPORAL_SERVER: GoToolPin = {
  name: 'temporal-server',
  package: 'go.temporal.io/server/cmd/server',
  pathEnv: 'TEMPORAL_SERVER_PATH',
  ...TEMPORAL_SERVER_MODULE,
};

/** `temporal-sql-tool`: creates and updates the server's PostgreSQL schemas. */
export const TEMPORAL_SQL_TOOL: GoToolPin = {
  name: 'temporal-sql-tool',
  package: 'go.temporal.io/server/cmd/tools/sql',
  pathEnv: 'TEMPORAL_SQL_TOOL_PATH',
  ...TEMPORAL_SERVER_MODULE,
};

/** versitygw: an S3-compatible gateway over a folder that checks signatures and honours If-None-Match. */
export const VERSITYGW: GoToolPin = {
  name: 'versitygw',
  module: 'github.com/versity/versitygw',
  package: 'github.com/versity/versitygw/cmd/versitygw',
  version: 'v1.8.0',
  moduleSum: 'h1:au+wI+aybno/STsQiSm35Uu6Q6iK5MWReQxgO6SEMFc=',
  pathEnv: 'VERSITYGW_PATH',
};
