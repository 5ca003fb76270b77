/** An Entra object id (a GUID, as Teams' `from.aadObjectId`): anything else never goes into a Graph path or filter. */
const objectIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isObjectId = (value: unknown): value is string => typeof value === 'string' && objectIdPattern.test(value);
