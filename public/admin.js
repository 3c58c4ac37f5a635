// The admin console's script: views drawn from the admin API as the signed-in admin, in the
// page's language. Every text from the server goes in with textContent, never as HTML. Every
// change sends the page's CSRF token.
(function () {
  'use strict';
  var main = document.getElementById('main');
  var statusLine = document.getElementById('status');
  var S = JSON.parse(document.getElementById('strings').textContent);
  var me = main.getAttribute('data-who');
  var csrf = main.getAttribute('data-csrf');
  var lang = main.getAttribute('data-lang');
  var staleDays = Number(main.getAttribute('data-stale-days')) || 365;
  var other = lang === 'fr' ? 'en' : 'fr';
  var EDITABLE = ['open', 'rejected', 'submitted', 'approved'];

  function t(key, vars) {
    var text = S[key] || key;
    Object.keys(vars || {}).forEach(function (k) {
      text = text.split('{{' + k + '}}').join(String(vars[k]));
    });
    return text;
  }

  /** An element with attributes (`text` sets textContent, `on` event handlers) and children. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === undefined || value === null || value === false) return;
      if (name === 'text') node.textContent = value;
      else if (name === 'on')
        Object.keys(value).forEach(function (ev) {
          node.addEventListener(ev, value[ev]);
        });
      else node.setAttribute(name, value === true ? '' : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function api(method, path, body, headers) {
    var init = { method: method, credentials: 'same-origin', headers: Object.assign({ 'X-CSRF-Token': csrf }, headers || {}) };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch('/api/admin' + path, init).then(function (res) {
      return res.text().then(function (text) {
        var json;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined; // an HTML error page: the status says what happened
        }
        return { status: res.status, ok: res.ok, json: json, etag: res.headers.get('ETag') };
      });
    });
  }

  function say(text) {
    statusLine.textContent = '';
    // A new text, even the same, is announced again.
    window.setTimeout(function () {
      statusLine.textContent = text;
    }, 50);
  }
  function failed(r) {
    say(t('loadFailed', { status: r.status, message: (r.json && r.json.message) || '' }));
  }

  function view(title) {
    main.textContent = '';
    main.appendChild(el('h1', { text: title }));
    main.focus();
    document.title = title + ' — ' + t('title');
    return main;
  }

  var loc = function (value) {
    return value && typeof value === 'object' ? value[lang] || value[other] || '' : value === undefined ? '' : String(value);
  };
  var short = function (value) {
    if (value === undefined) return '—';
    var text = typeof value === 'string' ? value : JSON.stringify(value);
    return text.length > 300 ? text.slice(0, 300) + '…' : text;
  };
  var isDue = function (data) {
    var reviewed = Date.parse(data.lastReviewed);
    return !isNaN(reviewed) && Date.now() - reviewed > (staleDays - 30) * 86400000;
  };

  /** The signed-in admin's change set in progress (the oldest not closed), if any. */
  function mySet() {
    return api('GET', '/changesets?owner=' + encodeURIComponent(me) + '&status=' + EDITABLE.join(',')).then(function (r) {
      var sets = (r.json && r.json.changeSets) || [];
      return sets.length ? sets[sets.length - 1] : undefined;
    });
  }
  function ensureMySet() {
    return mySet().then(function (set) {
      if (set) return set;
      return api('POST', '/changesets', { name: '' }).then(function (r) {
        return r.json;
      });
    });
  }

  // ---- Offerings ----
  function offerings() {
    var root = view(t('navOfferings'));
    Promise.all([api('GET', '/offerings'), mySet(), api('GET', '/links')]).then(function (results) {
      var list = results[0];
      if (!list.ok) return failed(list);
      var mine = (results[1] && results[1].offerings) || [];
      var links = results[2].ok ? results[2].json : undefined;
      var broken = {};
      ((links && links.offerings) || []).forEach(function (o) {
        broken[o.id] = o.links.filter(function (l) {
          return !l.ok;
        });
      });
      root.appendChild(
        el('p', {}, [
          links ? t('linksChecked', { when: links.checkedAt.slice(0, 16).replace('T', ' '), broken: links.broken }) : S.linksNever,
          ' ',
          el('button', {
            type: 'button',
            class: 'secondary',
            text: S.checkLinks,
            on: {
              click: function () {
                say(S.loading);
                api('POST', '/links/check').then(function (r) {
                  if (!r.ok) return failed(r);
                  offerings();
                  say(t('linksChecked', { when: r.json.checkedAt.slice(0, 16).replace('T', ' '), broken: r.json.broken }));
                });
              },
            },
          }),
        ]),
      );
      var rows = list.json.offerings;
      var search = el('input', { id: 'offering-search', type: 'search' });
      var filter = el('select', { id: 'offering-filter' }, [
        el('option', { value: 'all', text: t('filterAll') }),
        el('option', { value: 'live', text: t('filterLive') }),
        el('option', { value: 'mine', text: t('filterMine') }),
        el('option', { value: 'retired', text: t('filterRetired') }),
        el('option', { value: 'due', text: t('filterDue') }),
      ]);
      var count = el('p', { 'aria-live': 'polite' });
      var body = el('tbody');
      root.appendChild(
        el('div', { class: 'filters' }, [
          el('label', { for: 'offering-search', text: t('search') }),
          search,
          el('label', { for: 'offering-filter', text: t('filter') }),
          filter,
          el('a', { href: '#new', class: 'button', text: t('newHeading') }),
        ]),
      );
      root.appendChild(count);
      root.appendChild(
        el('table', {}, [
          el('thead', {}, [
            el(
              'tr',
              {},
              [t('colName'), t('colStatus'), t('colOwner'), t('colReviewed'), t('colActions')].map(function (h) {
                return el('th', { scope: 'col', text: h });
              }),
            ),
          ]),
          body,
        ]),
      );
      function draw() {
        var q = search.value.trim().toLowerCase();
        var shown = rows.filter(function (o) {
          var text = (o.id + ' ' + loc(o.data.name) + ' ' + (o.data.name ? o.data.name[other] : '')).toLowerCase();
          if (q && text.indexOf(q) < 0) return false;
          var f = filter.value;
          if (f === 'live') return !o.data.retired && mine.indexOf(o.id) < 0;
          if (f === 'mine') return mine.indexOf(o.id) >= 0;
          if (f === 'retired') return !!o.data.retired;
          if (f === 'due') return !o.data.retired && isDue(o.data);
          return true;
        });
        body.textContent = '';
        shown.forEach(function (o) {
          var states = [o.data.retired ? t('statusRetired') : t('statusLive')];
          if (mine.indexOf(o.id) >= 0) states.push(t('statusMine'));
          if (!o.data.retired && isDue(o.data)) states.push(t('statusDue'));
          if (broken[o.id] && broken[o.id].length)
            states.push(
              t('brokenLinks', { count: broken[o.id].length }) +
                ' (' +
                broken[o.id]
                  .map(function (l) {
                    return l.url + ' ' + (l.status || l.error);
                  })
                  .join(', ') +
                ')',
            );
          body.appendChild(
            el('tr', {}, [
              el('td', {}, [el('span', { text: loc(o.data.name) }), el('br'), el('code', { text: o.id })]),
              el('td', { text: states.join(', ') }),
              el('td', { text: o.data.owner || '—' }),
              el('td', { text: o.data.lastReviewed || '—' }),
              el('td', {}, [
                el('a', { href: '#edit/' + encodeURIComponent(o.id), text: t('edit'), 'aria-label': t('edit') + ' — ' + loc(o.data.name) }),
                ' ',
                el('a', { href: '#new/' + encodeURIComponent(o.id), text: t('copy'), 'aria-label': t('copy') + ' — ' + loc(o.data.name) }),
              ]),
            ]),
          );
        });
        count.textContent = t('count', { shown: shown.length, total: rows.length });
      }
      search.addEventListener('input', draw);
      filter.addEventListener('change', draw);
      draw();
    });
  }

  // ---- Edit form, generated from the offering's JSON Schema (itself generated from the zod schema) ----
  var schemaPromise;
  function schema() {
    schemaPromise =
      schemaPromise ||
      fetch('/admin/static/offering.schema.json').then(function (r) {
        return r.json();
      });
    return schemaPromise;
  }
  var isLocalized = function (p) {
    return p && p.type === 'object' && p.properties && p.properties.fr && p.properties.en && p.properties.fr.type === 'string';
  };
  var enumOf = function (p) {
    return p && (p.enum || (p.anyOf === undefined && p.const !== undefined ? [p.const] : undefined));
  };

  function field(name, prop, value, required) {
    var id = 'f-' + name;
    var error = el('p', { class: 'field-error', id: id + '-error' });
    var label = name + (required ? ' *' : '');
    var get;
    var control;
    if (isLocalized(prop)) {
      var long = /summary|description|notes|adsPlus|howToApply/i.test(name);
      var make = function (l) {
        var input = el(long ? 'textarea' : 'input', { id: id + '-' + l, lang: l, 'aria-describedby': id + '-error', rows: long ? 3 : undefined });
        input.value = (value && value[l]) || '';
        return input;
      };
      var fr = make('fr');
      var en = make('en');
      control = el('fieldset', { class: 'pair' }, [
        el('legend', { text: label }),
        el('div', {}, [el('label', { for: id + '-fr', text: S.french }), fr]),
        el('div', {}, [el('label', { for: id + '-en', text: S.english }), en]),
      ]);
      get = function () {
        return fr.value.trim() || en.value.trim() ? { fr: fr.value.trim(), en: en.value.trim() } : undefined;
      };
    } else if (enumOf(prop)) {
      var select = el(
        'select',
        { id: id, 'aria-describedby': id + '-error' },
        [el('option', { value: '', text: '—' })].concat(
          enumOf(prop).map(function (v) {
            return el('option', { value: v, text: v, selected: value === v });
          }),
        ),
      );
      control = el('div', {}, [el('label', { for: id, text: label }), select]);
      get = function () {
        return select.value || undefined;
      };
    } else if (prop && prop.type === 'array' && prop.items && enumOf(prop.items)) {
      var boxes = enumOf(prop.items).map(function (v) {
        var box = el('input', { type: 'checkbox', id: id + '-' + v, value: v, checked: Array.isArray(value) && value.indexOf(v) >= 0 });
        return { v: v, box: box, node: el('span', { class: 'check' }, [box, el('label', { for: id + '-' + v, text: v })]) };
      });
      control = el(
        'fieldset',
        { 'aria-describedby': id + '-error' },
        [el('legend', { text: label })].concat(
          boxes.map(function (b) {
            return b.node;
          }),
        ),
      );
      get = function () {
        var chosen = boxes
          .filter(function (b) {
            return b.box.checked;
          })
          .map(function (b) {
            return b.v;
          });
        return chosen.length ? chosen : undefined;
      };
    } else if (prop && prop.type === 'boolean') {
      var check = el('input', { type: 'checkbox', id: id, checked: value === true, 'aria-describedby': id + '-error' });
      control = el('div', {}, [check, el('label', { for: id, text: label })]);
      get = function () {
        return check.checked;
      };
    } else if (prop && prop.type === 'string') {
      var text = el('input', { id: id, value: value === undefined ? '' : value, 'aria-describedby': id + '-error' });
      control = el('div', {}, [el('label', { for: id, text: label }), text]);
      get = function () {
        return text.value.trim() || undefined;
      };
    } else {
      var area = el('textarea', { id: id, rows: 6, class: 'json', 'aria-describedby': id + '-hint ' + id + '-error' });
      area.value = value === undefined ? '' : JSON.stringify(value, null, 2);
      control = el('div', {}, [el('label', { for: id, text: label }), el('p', { class: 'hint', id: id + '-hint', text: S.jsonHint }), area]);
      get = function () {
        if (!area.value.trim()) return undefined;
        try {
          return JSON.parse(area.value);
        } catch (e) {
          throw { field: name, message: t('jsonInvalid', { message: e.message }) };
        }
      };
    }
    return { name: name, node: el('div', { class: 'field', 'data-field': name }, [control, error]), get: get, error: error };
  }

  function edit(id, from) {
    var creating = id === undefined;
    var root = view(creating ? t('newHeading') : t('editHeading', { id: id }));
    var source = id || from;
    Promise.all([schema(), source ? api('GET', '/offerings/' + encodeURIComponent(source)) : Promise.resolve({ ok: true, json: {} })]).then(function (r) {
      var offering = r[1];
      if (!offering.ok) return failed(offering);
      var data = offering.json || {};
      var etag = creating ? undefined : offering.etag;
      var props = r[0].properties || {};
      var required = r[0].required || [];
      var form = el('form', { novalidate: true });
      var idInput = el('input', { id: 'f-id', required: true, value: creating ? '' : id, readonly: !creating });
      form.appendChild(el('div', { class: 'field' }, [el('label', { for: 'f-id', text: S.idLabel }), idInput]));
      var fields = Object.keys(props)
        .filter(function (name) {
          return name !== 'id';
        })
        .map(function (name) {
          var f = field(name, props[name], data[name], required.indexOf(name) >= 0);
          form.appendChild(f.node);
          return f;
        });
      var errors = el('div', { class: 'errors', tabindex: '-1' });
      form.appendChild(errors);
      form.appendChild(el('button', { type: 'submit', text: S.save }));
      if (!creating) form.appendChild(el('button', { type: 'button', class: 'secondary', text: S.retire, on: { click: retire } }));
      root.appendChild(form);

      function retire() {
        ensureMySet()
          .then(function (set) {
            return api('POST', '/changesets/' + set.id + '/offerings/' + encodeURIComponent(id) + '/retire', {});
          })
          .then(function (res) {
            if (!res.ok) return failed(res);
            etag = res.etag;
            say(S.saved);
          });
      }
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        fields.forEach(function (f) {
          f.error.textContent = '';
          f.node.removeAttribute('data-invalid');
        });
        errors.textContent = '';
        var body = {};
        try {
          fields.forEach(function (f) {
            var v = f.get();
            if (v !== undefined) body[f.name] = v;
          });
        } catch (bad) {
          return show([{ path: bad.field, message: bad.message }]);
        }
        var target = (creating ? idInput.value.trim() : id) || '-';
        api('PUT', '/offerings/' + encodeURIComponent(target), body, etag ? { 'If-Match': etag } : {}).then(function (res) {
          if (res.status === 422) return show(res.json.errors || []);
          if (!res.ok) return failed(res);
          etag = res.etag;
          if (creating) window.location.hash = '#edit/' + encodeURIComponent(target);
          say(S.saved);
        });
      });
      function show(list) {
        errors.appendChild(el('p', { role: 'alert', text: t('invalid', { count: list.length }) }));
        var ul = el('ul');
        list.forEach(function (e) {
          var top = (e.path || '').split('.')[0];
          var f = fields.filter(function (x) {
            return x.name === top;
          })[0];
          if (f) {
            f.node.setAttribute('data-invalid', '');
            f.error.textContent = (f.error.textContent ? f.error.textContent + ' ' : '') + (e.path !== top ? e.path + ': ' : '') + e.message;
          }
          ul.appendChild(el('li', { text: (e.path ? e.path + ': ' : '') + e.message }));
        });
        errors.appendChild(ul);
        errors.focus();
      }
    });
  }

  // ---- Change sets ----
  var reviewRequired = true;
  function changeSets() {
    var root = view(t('navChangeSets'));
    api('GET', '/changesets').then(function (r) {
      if (!r.ok) return failed(r);
      reviewRequired = r.json.reviewRequired;
      root.appendChild(el('p', { text: reviewRequired ? S.reviewRequired : S.reviewOptional }));
      var name = el('input', { id: 'new-set-name', maxlength: 120 });
      root.appendChild(
        el(
          'form',
          {
            class: 'inline',
            on: {
              submit: function (event) {
                event.preventDefault();
                api('POST', '/changesets', { name: name.value }).then(function (res) {
                  if (!res.ok) return failed(res);
                  window.location.hash = '#changeset/' + res.json.id;
                });
              },
            },
          },
          [el('label', { for: 'new-set-name', text: S.changeSetName }), name, el('button', { type: 'submit', text: S.newChangeSet })],
        ),
      );
      if (!r.json.changeSets.length) return root.appendChild(el('p', { text: S.noChangeSets }));
      root.appendChild(
        el('table', {}, [
          el('thead', {}, [
            el(
              'tr',
              {},
              [S.colChangeSet, S.colOwner, S.colStatus, S.colOfferings, S.colUpdated].map(function (h) {
                return el('th', { scope: 'col', text: h });
              }),
            ),
          ]),
          el(
            'tbody',
            {},
            r.json.changeSets.map(function (c) {
              return el('tr', {}, [
                el('td', {}, [el('a', { href: '#changeset/' + c.id, text: c.name })]),
                el('td', { text: c.owner }),
                el('td', { text: t('status_' + c.status) }),
                el('td', { text: c.offerings.join(', ') || '—' }),
                el('td', { text: c.updatedAt.slice(0, 16).replace('T', ' ') }),
              ]);
            }),
          ),
        ]),
      );
    });
  }

  function changeSet(id) {
    var root = view(S.navChangeSets);
    Promise.all([api('GET', '/changesets/' + id), api('GET', '/changesets?status=open')]).then(function (r) {
      var res = r[0];
      if (!res.ok) return failed(res);
      reviewRequired = r[1].json ? r[1].json.reviewRequired : reviewRequired;
      var set = res.json;
      var mine = set.owner === me;
      root.firstChild.textContent = t('changeSetHeading', { name: set.name });
      root.appendChild(el('p', { text: t('byOwner', { owner: set.owner, status: t('status_' + set.status) }) }));
      if (set.approvedBy) root.appendChild(el('p', { text: t('approvedBy', { who: set.approvedBy }) }));
      root.appendChild(el('h2', { text: S.diffHeading }));
      if (!set.diff.length) root.appendChild(el('p', { text: S.noChanges }));
      set.diff.forEach(function (d) {
        var section = el('section', { class: 'diff' + (d.conflict ? ' conflict' : '') }, [
          el('h3', {}, [el('code', { text: d.offeringId }), ' — ' + t('op_' + d.op)]),
        ]);
        if (d.conflict) section.appendChild(el('p', { class: 'error', text: t('conflict', { reason: d.conflict }) }));
        if (mine && EDITABLE.indexOf(set.status) >= 0)
          section.appendChild(
            el('button', {
              type: 'button',
              class: 'secondary',
              text: S.revert,
              'aria-label': S.revert + ' — ' + d.offeringId,
              on: {
                click: function () {
                  act('POST', '/changesets/' + id + '/offerings/' + encodeURIComponent(d.offeringId) + '/revert');
                },
              },
            }),
          );
        section.appendChild(
          el('table', {}, [
            el('thead', {}, [
              el(
                'tr',
                {},
                [S.colField, S.colBefore, S.colAfter].map(function (h) {
                  return el('th', { scope: 'col', text: h });
                }),
              ),
            ]),
            el(
              'tbody',
              {},
              d.changes.map(function (c) {
                return el('tr', {}, [el('td', {}, [el('code', { text: c.path })]), el('td', { text: short(c.before) }), el('td', { text: short(c.after) })]);
              }),
            ),
          ]),
        );
        root.appendChild(section);
      });
      var comment = el('textarea', { id: 'review-comment', rows: 2 });
      var actions = el('div', { class: 'actions' });
      var button = function (key, path, primary) {
        actions.appendChild(
          el('button', {
            type: 'button',
            class: primary ? '' : 'secondary',
            text: S[key],
            on: {
              click: function () {
                act('POST', '/changesets/' + id + '/' + path, { comment: comment.value, note: comment.value }, key === 'publish');
              },
            },
          }),
        );
      };
      if (mine && (set.status === 'open' || set.status === 'rejected') && reviewRequired) button('submit', 'submit', true);
      if (set.status === 'submitted' && (!mine || !reviewRequired)) {
        button('approve', 'approve', true);
        button('reject', 'reject');
      }
      if (set.status === 'approved' || (!reviewRequired && EDITABLE.indexOf(set.status) >= 0)) button('publish', 'publish', true);
      if (mine && set.status !== 'published' && set.status !== 'withdrawn') button('withdraw', 'withdraw');
      if (actions.childNodes.length) {
        root.appendChild(el('div', { class: 'field' }, [el('label', { for: 'review-comment', text: S.comment }), comment]));
        root.appendChild(actions);
      }
      root.appendChild(el('h2', { text: S.historyHeading }));
      root.appendChild(
        el(
          'ol',
          { class: 'history' },
          set.events.map(function (e) {
            return el('li', {
              text: e.at.slice(0, 16).replace('T', ' ') + ' — ' + e.who + ' — ' + t('event_' + e.action) + (e.comment ? ' : « ' + e.comment + ' »' : ''),
            });
          }),
        ),
      );

      function act(method, path, body, publishing) {
        api(method, path, body).then(function (out) {
          if (out.status === 409 && out.json && out.json.conflicts) {
            say(
              out.json.conflicts
                .map(function (c) {
                  return t('conflict', { reason: c.offeringId + ' — ' + c.reason });
                })
                .join(' '),
            );
            return;
          }
          if (!out.ok) return failed(out);
          changeSet(id);
          say(publishing ? t('published', { number: out.json.version.number }) : S.done);
        });
      }
    });
  }

  // ---- Versions and audit ----
  function versions() {
    var root = view(S.versionsHeading);
    api('GET', '/versions').then(function (r) {
      if (!r.ok) return failed(r);
      root.appendChild(
        el('table', {}, [
          el('thead', {}, [
            el(
              'tr',
              {},
              [S.colVersion, S.colPublished, S.colBy, S.colNote, S.colActions].map(function (h) {
                return el('th', { scope: 'col', text: h });
              }),
            ),
          ]),
          el(
            'tbody',
            {},
            r.json.versions.map(function (v) {
              var action =
                v.number === r.json.current
                  ? el('span', { text: S.current })
                  : el('button', {
                      type: 'button',
                      class: 'secondary',
                      text: S.rollback,
                      'aria-label': S.rollback + ' — ' + v.number,
                      on: {
                        click: function () {
                          api('POST', '/rollback/' + v.number).then(function (out) {
                            if (!out.ok) return failed(out);
                            versions();
                            say(
                              t('rolledBack', {
                                number: out.json.version.number,
                                pending:
                                  out.json.pending
                                    .map(function (p) {
                                      return p.name + ' (' + p.owner + ')';
                                    })
                                    .join(', ') || S.none,
                              }),
                            );
                          });
                        },
                      },
                    });
              return el('tr', {}, [
                el('td', { text: String(v.number) }),
                el('td', { text: v.publishedAt.slice(0, 16).replace('T', ' ') }),
                el('td', { text: v.publishedBy + (v.approvedBy ? ' / ' + v.approvedBy : '') }),
                el('td', { text: v.note || v.kind }),
                el('td', {}, [action]),
              ]);
            }),
          ),
        ]),
      );
    });
  }

  function audit(query) {
    var root = view(S.auditHeading);
    var offering = el('input', { id: 'audit-offering', value: query.offering || '' });
    var who = el('input', { id: 'audit-who', value: query.who || '' });
    root.appendChild(
      el(
        'form',
        {
          class: 'inline',
          on: {
            submit: function (event) {
              event.preventDefault();
              audit({ offering: offering.value.trim(), who: who.value.trim() });
            },
          },
        },
        [
          el('label', { for: 'audit-offering', text: S.filterOffering }),
          offering,
          el('label', { for: 'audit-who', text: S.filterWho }),
          who,
          el('button', { type: 'submit', text: S.apply }),
        ],
      ),
    );
    var params =
      '?limit=200' + (query.offering ? '&offering=' + encodeURIComponent(query.offering) : '') + (query.who ? '&who=' + encodeURIComponent(query.who) : '');
    api('GET', '/audit' + params).then(function (r) {
      if (!r.ok) return failed(r);
      root.appendChild(
        el('table', {}, [
          el('thead', {}, [
            el(
              'tr',
              {},
              [S.colWhen, S.colWho, S.colAction, S.colWhat].map(function (h) {
                return el('th', { scope: 'col', text: h });
              }),
            ),
          ]),
          el(
            'tbody',
            {},
            r.json.entries.map(function (e) {
              var what = [e.offeringId, e.changeSet, e.version ? 'v' + e.version : '', e.note].filter(Boolean).join(' — ');
              var changes = (e.changes || [])
                .map(function (c) {
                  return c.path;
                })
                .join(', ');
              return el('tr', {}, [
                el('td', { text: e.at.slice(0, 16).replace('T', ' ') }),
                el('td', { text: e.who + (e.approvedBy ? ' / ' + e.approvedBy : '') }),
                el('td', { text: e.action }),
                el('td', { text: what + (changes ? ' (' + changes + ')' : '') }),
              ]);
            }),
          ),
        ]),
      );
    });
  }

  function reports() {
    var root = view(S.reportsHeading);
    var year = new Date().getMonth() >= 3 ? new Date().getFullYear() : new Date().getFullYear() - 1;
    var fy = el('input', { id: 'report-fy', type: 'number', min: 2000, max: 2100, value: year });
    var list = el('ul');
    function draw() {
      list.textContent = '';
      [
        ['reportStale', '/api/admin/reports/staleness?format=csv'],
        ['reportReferrals', '/api/admin/reports/referrals?format=csv&fiscalYear=' + fy.value],
        ['reportCross', '/api/admin/reports/referrals?format=csv&table=cross&fiscalYear=' + fy.value],
      ].forEach(function (r) {
        list.appendChild(
          el('li', {}, [
            S[r[0]] + ' — ',
            el('a', { href: r[1], text: S.reportComma }),
            ' — ',
            el('a', { href: r[1] + '&separator=semicolon', text: S.reportSemicolon }),
          ]),
        );
      });
    }
    fy.addEventListener('change', draw);
    root.appendChild(el('div', { class: 'field' }, [el('label', { for: 'report-fy', text: S.reportFiscalYear }), fy]));
    root.appendChild(list);
    draw();
  }

  function route() {
    var parts = window.location.hash.replace(/^#/, '').split('/');
    var arg = parts[1] && decodeURIComponent(parts[1]);
    if (parts[0] === 'edit' && arg) edit(arg);
    else if (parts[0] === 'new') edit(undefined, arg);
    else if (parts[0] === 'changesets') changeSets();
    else if (parts[0] === 'changeset' && arg) changeSet(arg);
    else if (parts[0] === 'versions') versions();
    else if (parts[0] === 'audit') audit({});
    else if (parts[0] === 'reports') reports();
    else offerings();
  }
  window.addEventListener('hashchange', route);
  route();
})();
