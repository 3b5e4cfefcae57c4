// The book's member switcher: choosing a person opens their book (a list of links without JS).
document.addEventListener("DOMContentLoaded", () => {
  const select = document.querySelector("[data-member-switcher] select");
  if (!select) return;
  document.querySelector("[data-member-switcher] .member-links")?.setAttribute("hidden", "");
  select.addEventListener("change", () => {
    window.location.href = select.dataset.bookUrl.replace(/0\/$/, `${select.value}/`);
  });
});
