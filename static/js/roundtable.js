// NHS.UK frontend's script is an ES module: import it, mark the page as able to run
// it (the CSS hides some things until then), and start every component.
import { initAll } from "../wagtailnhsukfrontend/js/nhsuk-frontend-10.4.2.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
