import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";

/**
 * The bot's global middlewares, given to Bolt as one. Bolt copies a request's arguments for every middleware
 * it runs (a dozen properties each time); here every layer reads the same arguments through a prototype and
 * gets only its own `next`. Layers may read any argument and call next() once, as with Bolt; none spreads them.
 */
export function oneMiddleware(
  layers: readonly Middleware<AnyMiddlewareArgs>[],
): Middleware<AnyMiddlewareArgs> {
  return (args) => {
    const run = (index: number): Promise<void> => {
      const layer = layers[index];
      if (!layer) return args.next();
      const layerArgs: typeof args = Object.create(args);
      layerArgs.next = () => run(index + 1);
      return layer(layerArgs);
    };
    return run(0);
  };
}
