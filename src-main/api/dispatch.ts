/**
 * The gate every command passes, whatever the transport: a known name,
 * arguments that match its schema, then the handler. Anything that goes wrong
 * becomes a typed error result, with its code and message code; nothing is
 * thrown back to the transport.
 */
import * as v from 'valibot';
import { COMMANDS, isCommandName, type ApiError, type ApiResult, type ArgsOf, type CommandName, type ResultOf } from './contract.js';
import { HANDLERS, type Caller } from './handlers.js';
import { ShoeboxError, errorMessage, fail as failWith } from '../core/util/errors.js';

export type { Caller };

export async function dispatch(caller: Caller, name: unknown, args: unknown): Promise<ApiResult<unknown>> {
  if (!isCommandName(name)) {
    return fail({ code: 'unknown_command', message: `There is no command ${JSON.stringify(String(name)).slice(0, 80)}.` });
  }
  const spec = COMMANDS[name];
  if ('electronOnly' in spec && spec.electronOnly && caller.transport !== 'electron') {
    return fail({ code: 'unsupported', message: `${name} is only available in the desktop app.` });
  }
  // Arguments are an object, or nothing; an array passes valibot's object check, so it is refused here.
  if (args !== undefined && args !== null && (typeof args !== 'object' || Array.isArray(args))) {
    const got = Array.isArray(args) ? 'an array' : typeof args;
    const issues = [`arguments: must be an object (or nothing), not ${got}`];
    return fail({ code: 'invalid_args', message: `Bad arguments for ${name}: ${issues[0]}`, issues });
  }
  const parsed = v.safeParse(spec.args, args ?? {});
  if (!parsed.success) {
    const issues = parsed.issues.map((i) => `${v.getDotPath(i) ?? 'arguments'}: ${i.message}`);
    return fail({ code: 'invalid_args', message: `Bad arguments for ${name}: ${issues.join('; ')}`, issues });
  }
  const handler = HANDLERS[name] as (c: Caller, a: unknown) => Promise<unknown>;
  try {
    return { ok: true, value: await handler(caller, parsed.output) };
  } catch (err) {
    return fail(toApiError(err));
  }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ShoeboxError) return { code: err.code, message: err.message, ...(err.key ? { key: err.key, params: err.params ?? {} } : {}) };
  if (process.env.SHOEBOX_DEBUG) console.error(err);
  // Keyed too, so the window words it ("Something went wrong: …") in the user's language.
  return toApiError(failWith('generic.internal', { detail: errorMessage(err) }));
}

function fail(error: ApiError): ApiResult<never> {
  return { ok: false, error };
}

/** `dispatch` for callers that know the command at compile time (tests, the Electron shell). */
export function invoke<N extends CommandName>(caller: Caller, name: N, args: ArgsOf<N>): Promise<ApiResult<ResultOf<N>>> {
  return dispatch(caller, name, args) as Promise<ApiResult<ResultOf<N>>>;
}
