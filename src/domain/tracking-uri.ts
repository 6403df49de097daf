// An MLflow tracking URI as the bot accepts it: an http(s) server (MLflow's other schemes, such as a local
// ./mlruns folder or `databricks`, are not servers the bot can poll), without credentials in it.

/** The URI without trailing slashes, or what is wrong with it (never echoing it: it may hold a secret). */
export function parseTrackingUri(text: string): { uri: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return {
      problem: "is not a URL: give the tracking server's, e.g. https://mlflow.example.com",
    };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return {
      problem: "is not an http(s) URL: the bot polls an MLflow tracking server over HTTP",
    };
  }
  if (url.username || url.password) {
    return { problem: "holds credentials: give the URL without them, and the token separately" };
  }
  if (url.search || url.hash) {
    return {
      problem: "has a query or a fragment: give the tracking server's base URL",
    };
  }
  return { uri: url.toString().replace(/\/+$/, "") };
}
