// Tiptap (inside django-prose-editor) adds a <style> element with its base CSS when an editor
// starts. The Content-Security-Policy blocks inline styles that do not carry the page's nonce,
// and django-prose-editor creates its editors without one: give every editor the nonce of the
// import map this module was loaded through (Django renders the request's nonce on it).
import { Editor } from "django-prose-editor/editor";

const nonce = document.querySelector("script[type=importmap][nonce]")?.nonce;
const injectCSS = Editor.prototype.injectCSS;
Editor.prototype.injectCSS = function () {
  if (nonce && !this.options.injectNonce) {
    this.options.injectNonce = nonce;
  }
  return injectCSS.call(this);
};
