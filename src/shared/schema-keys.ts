import { z } from 'zod';

/** The schema found by following `path` from `schema`, through defaults, optionals, arrays and unions. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (let i = 0; current !== undefined;) {
    if (
      current instanceof z.ZodDefault ||
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodUnion) {
      // An image source is a path or a blob reference: the object option is the one a key can lead into.
      const options = current.options as readonly z.ZodType[];
      current = options.find((option) => objectShape(option) !== undefined) ?? options[0];
    } else if (i === path.length) {
      return current;
    } else if (current instanceof z.ZodArray) {
      current = current.element as z.ZodType;
      i += 1;
    } else if (current instanceof z.ZodObject) {
      current = (current.shape as Record<string, z.ZodType>)[String(path[i])];
      i += 1;
    } else {
      return undefined;
    }
  }
  return undefined;
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  return schema instanceof z.ZodObject ? schema.shape : undefined;
}

/**
 * The keys an object inside `schema` accepts, found by its path in the input (array indexes included):
 * what an unknown key is compared with to suggest the one meant. Empty when the path leads to no object.
 */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const found = schemaAt(schema, path);
  const shape = found === undefined ? undefined : objectShape(found);
  return shape ? Object.keys(shape) : [];
}
