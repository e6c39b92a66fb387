import { IamError } from '@iam/contracts';
import { MAX_JSON_DEPTH, nestingExceeds, parseRequestBody } from './raw-body';

const body = (text: string) => Buffer.from(text, 'utf8');

function failure(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof IamError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a failure');
}

describe('request bodies', () => {
  it('parses JSON, whatever the case of the media type or its parameters', () => {
    expect(parseRequestBody('application/json', undefined, body('{"a":1}'))).toEqual({ a: 1 });
    expect(parseRequestBody('Application/JSON; charset=utf-8', undefined, body('{"a":1}'))).toEqual({ a: 1 });
    expect(parseRequestBody('application/json', undefined, body(''))).toEqual({});
  });

  it('refuses, with 415 UnsupportedMediaType, a body of a type the route does not accept, or of none', () => {
    for (const contentType of [
      'text/plain',
      'application/octet-stream',
      'application/x-www-form-urlencoded',
    ]) {
      expect(failure(() => parseRequestBody(contentType, undefined, body('{"a":1}')))).toEqual({
        code: 'UnsupportedMediaType',
        message: `Content-Type ${contentType} is not accepted; this operation accepts application/json.`,
      });
    }
    expect(failure(() => parseRequestBody(undefined, undefined, body('{}'))).code).toBe(
      'UnsupportedMediaType',
    );
    expect(failure(() => parseRequestBody('', undefined, body('{}'))).code).toBe('UnsupportedMediaType');
  });

  it('parses a form body only for a route that declares it (AWS Query protocol)', () => {
    const form = ['application/x-www-form-urlencoded'] as const;
    expect(
      parseRequestBody('application/x-www-form-urlencoded', form, body('Action=GetUser&A=1&A=2')),
    ).toEqual({
      Action: 'GetUser',
      A: ['1', '2'],
    });
    expect(failure(() => parseRequestBody('application/json', form, body('{}'))).code).toBe(
      'UnsupportedMediaType',
    );
  });

  it('answers 400 for malformed JSON and for anything but an object', () => {
    expect(failure(() => parseRequestBody('application/json', undefined, body('{"a":')))).toEqual({
      code: 'ValidationError',
      message: 'The request body is not valid JSON.',
    });
    for (const text of ['[]', 'null', '1', '"a"', 'true']) {
      expect(failure(() => parseRequestBody('application/json', undefined, body(text)))).toEqual({
        code: 'ValidationError',
        message: 'The request body must be a JSON object.',
      });
    }
  });

  it('refuses JSON nested deeper than the bound before parsing it (1,500 levels was a 500)', () => {
    const deep = '{"a":'.repeat(1500) + '1' + '}'.repeat(1500);
    expect(failure(() => parseRequestBody('application/json', undefined, body(deep)))).toEqual({
      code: 'ValidationError',
      message: `The request body is nested more than ${MAX_JSON_DEPTH} levels deep.`,
    });
    const arrays = '{"a":' + '['.repeat(1500) + ']'.repeat(1500) + '}';
    expect(failure(() => parseRequestBody('application/json', undefined, body(arrays))).code).toBe(
      'ValidationError',
    );
  });

  it('counts nesting outside strings only', () => {
    expect(nestingExceeds('[[1]]', 2)).toBe(false);
    expect(nestingExceeds('[[[1]]]', 2)).toBe(true);
    expect(nestingExceeds(JSON.stringify({ s: '[[[[[[[[', t: '\\"[[[[' }), 1)).toBe(false);
    expect(nestingExceeds(JSON.stringify([{ a: [{}] }, { b: [] }]), 4)).toBe(false);
  });
});
