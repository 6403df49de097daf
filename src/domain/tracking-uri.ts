// An MLflow tracking URI as the bot accepts it: an http(s) server (MLflow's other schemes, such as a local
// ./mlruns folder or `databricks`, are not servers the bot can poll), without credentials in it.

/** The URI without trailing slashes, or what is wrong with it, in words an operator can act on. */
export function parseTrackingUri(text: string): { uri: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return {
      problem: `${JSON.stringify(text)} is not a URL: give the tracking server's, e.g. https://mlflow.example.com`,
    };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return {
      problem: `${JSON.stringify(text)} is not an http(s) URL: the bot polls an MLflow tracking server over HTTP`,
    };
  }
  if (url.username || url.password) {
    return { problem: "the URL holds credentials: give the URL without them, and the token separately" };
  }
  if (url.search || url.hash) {
    return {
      problem: `${JSON.stringify(text)} has a query or a fragment: give the tracking server's base URL`,
    };
  }
  return { uri: url.toString().replace(/\/+$/, "") };
}
