// The local provider's sign-out page: when the site asked for the sign-out with the officer's ID
// token, confirm it at once; without JavaScript the officer presses the button.
const button = document.querySelector("[data-auto-submit]");
if (button instanceof HTMLButtonElement) button.click();
