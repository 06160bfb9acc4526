// The listing's filters on a phone: folded behind their "Filters" summary, so the result
// count and the results come first. The <details> is open in the HTML, so without this
// script the filters simply show; from tablet width up they stay open beside the results.
// A form sent back with an error stays open (data-rt-keep-open).
const filters = document.querySelector("[data-rt-filters]");
if (filters) {
  const phone = window.matchMedia("(max-width: 40.0525em)");
  const fit = () => {
    if (!phone.matches) {
      filters.open = true;
    } else if (!filters.hasAttribute("data-rt-keep-open")) {
      filters.open = false;
    }
  };
  fit();
  phone.addEventListener("change", fit);
}
