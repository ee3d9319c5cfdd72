type JsonSchema = Record<string, unknown>;

export type SchemaRow = { name: string; type: string; required: boolean; description: string };

/** Follows a "#/components/schemas/X" reference within the document. */
function resolve(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) {
    return components[ref.slice("#/components/schemas/".length)] ?? schema;
  }
  return schema;
}

function typeOf(schema: JsonSchema, components: Record<string, JsonSchema>): string {
  const resolved = resolve(schema, components);
  if (typeof schema.$ref === "string") return schema.$ref.split("/").at(-1)!;
  if (resolved.const !== undefined) return JSON.stringify(resolved.const);
  if (Array.isArray(resolved.enum))
    return resolved.enum.map((value) => JSON.stringify(value)).join(" | ");
  if (Array.isArray(resolved.anyOf)) {
    return (resolved.anyOf as JsonSchema[]).map((part) => typeOf(part, components)).join(" | ");
  }
  if (Array.isArray(resolved.type)) return resolved.type.join(" | ");
  if (resolved.type === "array" && resolved.items)
    return `${typeOf(resolved.items as JsonSchema, components)}[]`;
  if (resolved.type === "object" && resolved.additionalProperties && !resolved.properties) {
    return `map of ${typeOf(resolved.additionalProperties as JsonSchema, components)}`;
  }
  return String(resolved.type ?? "any");
}

/** The fields of an object schema as table rows, nested objects flattened to `a.b` / `a[].b`. */
export function schemaRows(
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
  prefix = "",
  depth = 0,
): SchemaRow[] {
  const resolved = resolve(schema, components);
  const properties = resolved.properties as Record<string, JsonSchema> | undefined;
  if (!properties) return [];
  const required = new Set((resolved.required as string[] | undefined) ?? []);
  const rows: SchemaRow[] = [];
  for (const [key, property] of Object.entries(properties)) {
    const name = `${prefix}${key}`;
    const target = resolve(property, components);
    const nullableObject = Array.isArray(target.anyOf)
      ? (target.anyOf as JsonSchema[]).find((part) => resolve(part, components).type !== "null")
      : undefined;
    rows.push({
      name,
      type: typeOf(property, components),
      required: required.has(key),
      description: String(
        target.description ?? property.description ?? nullableObject?.description ?? "",
      ),
    });
    if (depth >= 2) continue;
    const inner = nullableObject ? resolve(nullableObject, components) : target;
    if (inner.type === "object" && inner.properties) {
      rows.push(...schemaRows(inner, components, `${name}.`, depth + 1));
    } else if (inner.type === "array" && inner.items) {
      const item = resolve(inner.items as JsonSchema, components);
      if (item.properties && !(typeof (inner.items as JsonSchema).$ref === "string" && depth > 0)) {
        rows.push(...schemaRows(item, components, `${name}[].`, depth + 1));
      }
    }
  }
  return rows;
}
