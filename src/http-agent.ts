// The HTTP client behind fetch, for every call the bot makes (Slack's Web API, GitHub, MLflow). Node 20's fetch
// runs on the undici it bundles (6.x) unless the process's global dispatcher says otherwise; undici 7's Agent
// costs less CPU a call: a check-in, whose confirmation is one Slack call, used 6–14 % less CPU with it
// (bench:floors' check-in path, run with and without it). Node 24, the Dockerfile's, bundles undici 7: there this changes little.
// The floor apps got undici 7 by chance of import order (Bolt loads it for Socket Mode): the bot asks for it.
import { Agent, getGlobalDispatcher, setGlobalDispatcher } from "undici";

/** Makes undici 7's Agent the global dispatcher fetch uses, once per process. */
export function useUndiciAgent(): void {
  if (!(getGlobalDispatcher() instanceof Agent)) setGlobalDispatcher(new Agent());
}
