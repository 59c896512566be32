/**
 * The CloudFront Function (viewer request, runtime cloudfront-js-2.0) of the site behaviors.
 *
 * S3 behind Origin Access Control is a plain object store: it has no "index document", so a
 * request for `/about/` or `/about` would ask S3 for a key that does not exist. Astro writes
 * `about/index.html`; this function rewrites the URI to that key. URIs whose last segment has a
 * dot (`/_astro/app.1a2b.js`, `/robots.txt`, `/404.html`) are files and pass unchanged.
 *
 * The source is kept as a string (CloudFront runs it, not Node) and unit-tested by evaluating it
 * on sample events (tests/unit/viewer-request.test.ts).
 */
export const viewerRequestSource = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith("/")) {
    request.uri = uri + "index.html";
  } else {
    var lastSegment = uri.substring(uri.lastIndexOf("/") + 1);
    if (lastSegment.indexOf(".") === -1) {
      request.uri = uri + "/index.html";
    }
  }
  return request;
}
`;
