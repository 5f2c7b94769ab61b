// Starts GOV.UK Frontend's behaviour (navigation menu on phones, password reveal,
// error summary focus, notification banners). The library is copied in from npm by
// `npm run build:js`; this file is served as a module so old browsers that cannot run
// the components simply get the working no-JavaScript pages.
import { initAll } from "./vendor/govuk-frontend.min.js";

initAll();
