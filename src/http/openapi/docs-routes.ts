// docs-routes.ts - GET /openapi.json (the document, built once) and GET /docs (Swagger UI from the swagger-ui-dist
// package's own files under /docs/assets/: no CDN, works offline). Mounted after the Host / Origin guards and before
// the token check: the document and the page describe the API and hold nothing of the account.
import { createRequire } from 'node:module';
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import { GatewayError } from '../../core/errors.ts';
import { buildOpenApi } from './document.ts';
import { DOCS_HTML, DOCS_INIT_JS } from './docs-page.ts';

/** The files of swagger-ui-dist the page loads; nothing else of the package is served. */
const ASSETS = ['swagger-ui-bundle.js', 'swagger-ui.css', 'favicon-32x32.png', 'favicon-16x16.png'] as const;

/** How long a browser may keep the assets: they change only with the package version. */
const ASSET_MAX_AGE_MS = 3_600_000;

/** Only this origin's own scripts, styles and requests; Swagger UI's inline SVG icons are data: images. */
export const DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The folder of the installed swagger-ui-dist package. */
export function swaggerUiDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

/** The router of /openapi.json, /docs and /docs/assets/*; other methods on them are 405. */
export function docsRoutes(): Router {
  const router = Router();
  let doc: string | undefined;
  const json = (_req: Request, res: Response): void => {
    doc ??= JSON.stringify(buildOpenApi());
    res.type('application/json; charset=utf-8').send(doc);
  };
  const page = (_req: Request, res: Response): void => {
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    res.type('text/html; charset=utf-8').send(DOCS_HTML);
  };
  const init = (_req: Request, res: Response): void => {
    res.type('text/javascript; charset=utf-8').send(DOCS_INIT_JS);
  };
  const getOnly = (req: Request, res: Response): void => {
    res.setHeader('Allow', 'GET, HEAD');
    throw new GatewayError('method_not_allowed', `${req.path} 只接受 GET，收到 ${req.method}。(GET only)`);
  };
  router.route('/openapi.json').get(json).all(getOnly);
  router.route('/docs').get(page).all(getOnly);
  router.route('/docs/assets/init.js').get(init).all(getOnly);
  const dir = swaggerUiDir();
  for (const name of ASSETS) {
    const file = path.join(dir, name);
    router.route(`/docs/assets/${name}`).get((_req: Request, res: Response) => {
      res.sendFile(file, { maxAge: ASSET_MAX_AGE_MS, dotfiles: 'deny' });
    }).all(getOnly);
  }
  return router;
}
