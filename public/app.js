// The newcomer page's script: gets a web chat token from this server, then hands Web Chat a
// Direct Line connection (the built-in channel, or Azure's when the server is set up for it).
(function () {
  'use strict';
  var host = document.getElementById('webchat');
  var status = document.getElementById('chat-status');
  var lang = host.getAttribute('data-lang');

  // Markdown in messages and in Adaptive Cards, with raw HTML off: text from the knowledge base
  // that looks like HTML (<script>, <img onerror>) shows as text. markdown-it also refuses
  // javascript: and data: links. Links open in a new tab that cannot reach back to this page.
  var markdown = window.markdownit({ html: false, linkify: false, breaks: true });
  var renderToken = function (tokens, idx, options, env, self) {
    return self.renderToken(tokens, idx, options);
  };
  var linkOpen = markdown.renderer.rules.link_open || renderToken;
  markdown.renderer.rules.link_open = function (tokens, idx, options, env, self) {
    tokens[idx].attrSet('target', '_blank');
    tokens[idx].attrSet('rel', 'noopener noreferrer');
    return linkOpen(tokens, idx, options, env, self);
  };

  function unavailable() {
    status.textContent = host.getAttribute('data-unavailable');
  }

  var store = window.WebChat.createStore({}, function () {
    return function (next) {
      return function (action) {
        if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED') status.textContent = '';
        if (action.type === 'DIRECT_LINE/CONNECT_REJECTED') unavailable();
        return next(action);
      };
    };
  });

  fetch('/api/webchat/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ locale: lang }),
  })
    .then(function (res) {
      if (!res.ok) throw new Error('token ' + res.status);
      return res.json();
    })
    .then(function (session) {
      var directLine = window.WebChat.createDirectLine({ token: session.token, domain: session.domain, webSocket: true });
      window.WebChat.renderWebChat(
        {
          directLine: directLine,
          store: store,
          locale: host.getAttribute('data-locale'),
          renderMarkdown: function (text) {
            return markdown.render(text);
          },
          styleOptions: {
            accent: '#095797',
            bubbleFromUserBackground: '#095797',
            bubbleFromUserTextColor: '#ffffff',
            bubbleBorderRadius: 8,
            bubbleFromUserBorderRadius: 8,
            hideUploadButton: true,
            sendBoxButtonColor: '#095797',
            suggestedActionLayout: 'flow',
            rootHeight: '100%',
          },
        },
        host,
      );
      var input = host.querySelector('input, textarea');
      if (input && document.location.hash === '#chat') input.focus();
    })
    .catch(unavailable);
})();
