/** Checking and choosing TCP ports on the loopback interface. */
import net from 'node:net';

/** The host every local server of the project binds to. */
export const LOOPBACK = '127.0.0.1';

/** Whether a TCP port can be bound on `host` right now; never throws. */
export async function isPortFree(port: number, host = LOOPBACK): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the OS reports free on `host`, other than those in `exclude`; throws when none is found. */
export async function findFreePort(exclude: readonly number[] = [], host = LOOPBACK): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen({ port: 0, host, exclusive: true }, () => {
        const address = server.address();
        server.close(() =>
          typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
        );
      });
    });
    if (!exclude.includes(port)) return port;
  }
  throw new Error(`no free TCP port found on ${host}`);
}

/**
 * The port to use: `explicit` if given (throws when it is busy), else `preferred` when free, else a free
 * one; `exclude` lists ports already chosen for something else.
 */
export async function choosePort(
  what: string,
  explicit: number | undefined,
  preferred: number,
  exclude: readonly number[],
  log: (message: string) => void,
): Promise<number> {
  if (explicit !== undefined) {
    if (exclude.includes(explicit) || !(await isPortFree(explicit))) {
      throw new Error(`the ${what} port ${explicit} on ${LOOPBACK} is already in use`);
    }
    return explicit;
  }
  if (!exclude.includes(preferred) && (await isPortFree(preferred))) return preferred;
  const port = await findFreePort(exclude);
  log(`${what} port ${preferred} is busy; using ${port}`);
  return port;
}
