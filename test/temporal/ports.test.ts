import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { choosePort, findFreePort, isPortFree } from '../../src/temporal/ports';

async function occupyPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, release: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('choosePort', () => {
  it('keeps the preferred port when it is free', async () => {
    const port = await findFreePort();
    assert.equal(await choosePort('gRPC', undefined, port, [], () => {}), port);
  });

  it('moves to a free port, and says so, when the preferred one is busy', async () => {
    const busy = await occupyPort();
    const messages: string[] = [];
    try {
      const port = await choosePort('gRPC', undefined, busy.port, [], (message) => messages.push(message));
      assert.notEqual(port, busy.port);
      assert.equal(await isPortFree(port), true);
      assert.match(messages.join('\n'), new RegExp(`gRPC port ${busy.port} is busy; using ${port}`));
    } finally {
      await busy.release();
    }
  });

  it('never picks a port already chosen for something else', async () => {
    const taken = await findFreePort();
    assert.notEqual(await choosePort('Web UI', undefined, taken, [taken], () => {}), taken);
  });
});
