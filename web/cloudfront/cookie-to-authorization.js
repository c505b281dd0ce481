// CloudFront Function (cloudfront-js-2.0, viewer request) for the console's behaviors that reach the HTTP API.
// API Gateway's JWT authorizer reads a token from a header, and browsers send the console's ID token as the HttpOnly
// cookie parley_id: this copies it into Authorization (unless the request already carries one). A page asked for
// without any token is sent to the sign-in page instead of API Gateway's bare 401.
var PUBLIC_PREFIXES = ['/auth/', '/assets/', '/api/'];

function handler(event) {
  var request = event.request;
  var cookie = request.cookies && request.cookies['parley_id'];
  var hasToken = cookie && cookie.value;
  if (hasToken && !request.headers['authorization']) {
    request.headers['authorization'] = { value: 'Bearer ' + cookie.value };
    return request;
  }
  if (!hasToken && !request.headers['authorization'] && request.method === 'GET') {
    var uri = request.uri;
    var open = PUBLIC_PREFIXES.some(function (prefix) {
      return uri.indexOf(prefix) === 0;
    });
    if (!open) return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/auth/signed-out' }, 'cache-control': { value: 'no-store' } } };
  }
  return request;
}
