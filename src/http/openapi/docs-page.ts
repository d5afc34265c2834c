// docs-page.ts - the /docs page: our own HTML (Chinese first) around Swagger UI, and the script that starts it on
// /openapi.json. No inline script or style (the page's CSP allows 'self' only) and no call to any other host.

/** The page: a short note on the browser guard, then Swagger UI. */
export const DOCS_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>接口文档 · ths-http-trader API</title>
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" sizes="32x32">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div class="swagger-ui"><div class="wrapper"><section id="ths-note" class="information-container">
<p><strong>ths-http-trader 接口文档</strong>：<a href="/openapi.json">/openapi.json</a>（OpenAPI 3.1，可用来生成客户端）。
在本页用 “Try it out” 调用会改变账户的接口（/buy、/sell、/cancel、/ipo/subscribe、/refresh、/sim/quote、手工对账）时，
服务会以 403 <code>browser_request</code> 拒绝：这是防止网页替你下单的保护。设置了访问令牌（--token-file）时，在 “Authorize” 里填入令牌即可通过；
本页发出的 POST 带有 Origin 请求头，除非用 --allow-origin 允许了本页的来源，会得到 403 <code>origin_not_allowed</code>，请用 GET。</p>
<p lang="en">The API of ths-http-trader: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1, for generating clients).
"Try it out" on a route that changes the account is refused with 403 <code>browser_request</code> (a web page must never place
orders for you); with an access token configured, enter it under "Authorize" to pass. POSTs from this page carry an Origin header
and get 403 <code>origin_not_allowed</code> unless --allow-origin lists this page's origin: use GET.</p>
</section></div></div>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script>
</body>
</html>
`;

/** Starts Swagger UI on /openapi.json; validatorUrl null: no badge fetched from validator.swagger.io. */
export const DOCS_INIT_JS = `'use strict';
window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: false,
  displayOperationId: false,
  defaultModelsExpandDepth: 0,
  persistAuthorization: false,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;
