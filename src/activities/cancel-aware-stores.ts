import type { ActivityDeps } from './deps';
import { throwIfCancelled } from './heartbeat';

/**
 * The activities' view of the stores: every write (`blobs.put`, `publisher.publish`) first checks that the
 * attempt has not been cancelled, so an activity writes nothing once it has learned of its cancellation —
 * the undo that runs after it cannot be overtaken by a late write. Reads and deletes (compensations) pass
 * through unchanged. Only for use inside activities (it reads the activity context).
 */
export function cancelAwareStores<D extends Pick<ActivityDeps, 'blobs' | 'publisher'>>(deps: D): D {
  return {
    ...deps,
    blobs: checkBefore(deps.blobs, ['put']),
    publisher: checkBefore(deps.publisher, ['publish']),
  };
}

/** `target` with `methods` checking for cancellation before they run; everything else as it is. */
function checkBefore<T extends object>(target: T, methods: readonly (keyof T & string)[]): T {
  const guarded = new Set<string | symbol>(methods);
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (!guarded.has(property)) return method.bind(object);
      return (...args: unknown[]) => {
        throwIfCancelled();
        return method.apply(object, args);
      };
    },
  });
}
