import { IamError } from '@iam/contracts';

/** A decoded Query-protocol input: text leaves, structures, lists (`member.N`) and maps (`entry.N`). */
export type QueryValue = string | QueryValue[] | { [member: string]: QueryValue };

const INDEX = /^[1-9][0-9]{0,5}$/;
/** Names that would reach an object's prototype, not a member of it. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The form fields of an AWS Query request, as the SDKs serialize a
 * structure: `Tags.member.1.Key=k` is a list of structures, `TagKeys.member.2=b`
 * a list of text, `Attributes.entry.1.key=…&Attributes.entry.1.value=…` a map.
 * Whatever cannot be read so (a field sent twice, a name that is both a
 * value and a structure, an index that is not 1, 2, 3…) is the caller's
 * malformed request: 400, never a guess.
 */
export function decodeQueryForm(fields: Record<string, unknown>): Record<string, QueryValue> {
  const root: Tree = new Map();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value !== 'string') throw invalid(`The parameter ${shown(name)} is given more than once.`);
    const path = name.split('.');
    if (path.some((segment) => segment === '' || RESERVED.has(segment)))
      throw invalid(`The parameter name ${shown(name)} is not valid.`);
    let node = root;
    for (const segment of path.slice(0, -1)) {
      const next = node.get(segment) ?? new Map();
      if (typeof next === 'string') throw conflict(name);
      node.set(segment, next);
      node = next;
    }
    const last = path[path.length - 1];
    if (node.has(last)) throw conflict(name);
    node.set(last, value);
  }
  return structure(root, '') as Record<string, QueryValue>;
}

type Tree = Map<string, Tree | string>;

function structure(tree: Tree, at: string): QueryValue {
  const keys = [...tree.keys()];
  if (keys.length === 1 && keys[0] === 'member') return list(tree.get('member')!, `${at}.member`);
  if (keys.length === 1 && keys[0] === 'entry') return map(tree.get('entry')!, `${at}.entry`);
  const out: Record<string, QueryValue> = {};
  for (const [key, value] of tree) {
    const here = at ? `${at}.${key}` : key;
    out[key] = typeof value === 'string' ? value : structure(value, here);
  }
  return out;
}

function items(node: Tree | string, at: string): [number, Tree | string][] {
  if (typeof node === 'string') throw conflict(at);
  const indexed = [...node].map(([index, value]): [number, Tree | string] => {
    if (!INDEX.test(index))
      throw invalid(`The parameter ${shown(`${at}.${index}`)} does not have a valid index.`);
    return [Number(index), value];
  });
  return indexed.sort((a, b) => a[0] - b[0]);
}

function list(node: Tree | string, at: string): QueryValue[] {
  return items(node, at).map(([index, value]) =>
    typeof value === 'string' ? value : structure(value, `${at}.${index}`),
  );
}

function map(node: Tree | string, at: string): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const [index, entry] of items(node, at)) {
    const key = typeof entry === 'string' ? undefined : entry.get('key');
    const value = typeof entry === 'string' ? undefined : entry.get('value');
    if (typeof key !== 'string' || value === undefined)
      throw invalid(`The map entry ${shown(`${at}.${index}`)} needs a key and a value.`);
    out[key] = typeof value === 'string' ? value : structure(value, `${at}.${index}.value`);
  }
  return out;
}

function conflict(name: string): IamError {
  return invalid(`The parameter ${shown(name)} is given both as a value and as a structure.`);
}

function invalid(message: string): IamError {
  return new IamError('ValidationError', message);
}

/** A caller's parameter name in a message, cut short: a hostile name can be long. */
function shown(name: string): string {
  return JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name);
}
