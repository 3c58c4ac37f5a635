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
    var init = { method: method, credentials: 'same-origin', headers: Object.assign({ 'X-CSRF-Token': csrf, 'Accept-Language': lang }, headers || {}) };
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
  var factsPromise;
  var defs = {};
  function schema() {
    schemaPromise =
      schemaPromise ||
      fetch('/admin/static/offering.schema.json')
        .then(function (r) {
          return r.json();
        })
        .then(function (s) {
          defs = s.$defs || {};
          return s;
        });
    return schemaPromise;
  }
  /** The facts of the version served (facts.yaml): the rule editor's choices. */
  function facts() {
    factsPromise =
      factsPromise ||
      api('GET', '/facts').then(function (r) {
        return (r.json && r.json.facts) || {};
      });
    return factsPromise;
  }
  var deref = function (p) {
    var seen = 0;
    while (p && p.$ref && seen++ < 10) p = defs[p.$ref.replace('#/$defs/', '')];
    return p;
  };
  var isRuleSchema = function (p) {
    return !!(
      p &&
      p.anyOf &&
      p.anyOf.some(function (b) {
        return b.properties && b.properties.all;
      })
    );
  };
  var isLocalized = function (p) {
    return (
      p &&
      p.type === 'object' &&
      p.properties &&
      p.properties.fr &&
      p.properties.en &&
      p.properties.fr.type === 'string' &&
      Object.keys(p.properties).length === 2
    );
  };
  var enumOf = function (p) {
    return p && (p.enum || (p.anyOf === undefined && p.const !== undefined ? [p.const] : undefined));
  };
  /** `"all"` or a list of choices (the regions): the constant as one more box. */
  var constOrChoices = function (p) {
    if (!p || !p.anyOf || p.anyOf.length !== 2) return undefined;
    var c = p.anyOf[0];
    var list = p.anyOf[1];
    return c.const !== undefined && list.type === 'array' && enumOf(list.items) ? { constant: c.const, choices: enumOf(list.items) } : undefined;
  };
  var labelOf = function (name) {
    return typeof name === 'number' ? '#' + (name + 1) : S['field_' + name] ? S['field_' + name] + ' (' + name + ')' : name;
  };
  var factLabel = function (def, id) {
    return (def && def.label && loc(def.label)) || id;
  };

  /** Check boxes for a list of choices (optionally with a constant such as "all"). */
  function checkboxes(id, label, choices, value, labels) {
    var boxes = choices.map(function (v) {
      var box = el('input', { type: 'checkbox', id: id + '-' + v, value: v, checked: Array.isArray(value) ? value.indexOf(v) >= 0 : value === v });
      return { v: v, box: box, node: el('span', { class: 'check' }, [box, el('label', { for: id + '-' + v, text: (labels && labels[v]) || v })]) };
    });
    var node = el(
      'fieldset',
      { 'aria-describedby': id + '-error' },
      [el('legend', { text: label })].concat(
        boxes.map(function (b) {
          return b.node;
        }),
      ),
    );
    var chosen = function () {
      return boxes
        .filter(function (b) {
          return b.box.checked;
        })
        .map(function (b) {
          return b.v;
        });
    };
    return { node: node, chosen: chosen };
  }

  /**
   * One field of the form for the schema `prop` at `path` (["access", "phones", 0, "number"]):
   * its node and a `get` giving its value (undefined when empty; throws {path, message} for bad JSON).
   */
  function field(path, prop, value, required) {
    prop = deref(prop) || {};
    var name = path[path.length - 1];
    var id = 'f-' + path.join('-');
    var error = el('p', { class: 'field-error', id: id + '-error' });
    var label = labelOf(name) + (required ? ' *' : '');
    var get;
    var control;
    var cc = constOrChoices(prop);
    if (isRuleSchema(prop)) {
      var rule = ruleEditor(id, label, value);
      control = rule.node;
      get = rule.get;
    } else if (isLocalized(prop)) {
      var long = /summary|description|notes|adsPlus|howTo|reason/i.test(path.join('.'));
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
    } else if (cc) {
      var all = checkboxes(id, label, [cc.constant].concat(cc.choices), value, {});
      control = all.node;
      get = function () {
        var chosen = all.chosen();
        if (chosen.indexOf(cc.constant) >= 0) return cc.constant;
        return chosen.length ? chosen : undefined;
      };
    } else if (prop.type === 'array' && prop.items && enumOf(deref(prop.items))) {
      var list = checkboxes(id, label, enumOf(deref(prop.items)), value);
      control = list.node;
      get = function () {
        var chosen = list.chosen();
        return chosen.length ? chosen : undefined;
      };
    } else if (prop.type === 'boolean') {
      var check = el('input', { type: 'checkbox', id: id, checked: value === true, 'aria-describedby': id + '-error' });
      control = el('div', {}, [check, el('label', { for: id, text: label })]);
      get = function () {
        return check.checked;
      };
    } else if (prop.type === 'string' || prop.type === 'number' || prop.type === 'integer') {
      var numeric = prop.type !== 'string';
      var type = numeric ? 'number' : prop.format === 'date' ? 'date' : prop.format === 'uri' ? 'url' : 'text';
      var input = el('input', { id: id, type: type, value: value === undefined ? '' : value, 'aria-describedby': id + '-error' });
      control = el('div', {}, [el('label', { for: id, text: label }), input]);
      get = function () {
        var v = input.value.trim();
        return v === '' ? undefined : numeric && !isNaN(Number(v)) ? Number(v) : v;
      };
    } else if (prop.type === 'object' && prop.properties) {
      var wanted = prop.required || [];
      var inner = Object.keys(prop.properties).map(function (k) {
        return field(path.concat(k), prop.properties[k], value ? value[k] : undefined, wanted.indexOf(k) >= 0);
      });
      control = el(
        'fieldset',
        { class: 'group' },
        [el('legend', { text: label })].concat(
          inner.map(function (f) {
            return f.node;
          }),
        ),
      );
      get = function () {
        var out = {};
        inner.forEach(function (f) {
          var v = f.get();
          if (v !== undefined) out[f.path[f.path.length - 1]] = v;
        });
        return Object.keys(out).length ? out : undefined;
      };
      return {
        path: path,
        node: el('div', { class: 'field', 'data-path': path.join('.'), 'data-field': path.length === 1 ? name : undefined }, [control, error]),
        get: get,
        error: error,
        children: inner,
      };
    } else if (prop.type === 'array' && prop.items) {
      return listField(path, prop, value, label, error);
    } else {
      var area = el('textarea', { id: id, rows: 6, class: 'json', 'aria-describedby': id + '-hint ' + id + '-error' });
      area.value = value === undefined ? '' : JSON.stringify(value, null, 2);
      control = el('div', {}, [el('label', { for: id, text: label }), el('p', { class: 'hint', id: id + '-hint', text: S.jsonHint }), area]);
      get = function () {
        if (!area.value.trim()) return undefined;
        try {
          return JSON.parse(area.value);
        } catch (e) {
          throw { path: path.join('.'), message: t('jsonInvalid', { message: e.message }) };
        }
      };
    }
    return {
      path: path,
      node: el('div', { class: 'field', 'data-path': path.join('.'), 'data-field': path.length === 1 ? name : undefined }, [control, error]),
      get: get,
      error: error,
    };
  }

  /** A list of items (sources, documents, phones, caveats): each its own fields, with add and remove. */
  function listField(path, prop, value, label, error) {
    var id = 'f-' + path.join('-');
    var values = Array.isArray(value) ? value.slice() : [];
    var items = [];
    var box = el('div', { class: 'list' });
    var addButton = el('button', { type: 'button', class: 'secondary', text: S.addItem, 'aria-label': S.addItem + ' — ' + label, on: { click: add } });
    var fieldset = el('fieldset', { class: 'group', id: id }, [el('legend', { text: label }), box, addButton]);
    function current() {
      return items.map(function (f) {
        return f.get();
      });
    }
    function draw(focus) {
      box.textContent = '';
      items = values.map(function (v, i) {
        var f = field(path.concat(i), prop.items, v, false);
        var remove = el('button', {
          type: 'button',
          class: 'secondary',
          text: S.removeItem,
          'aria-label': S.removeItem + ' — ' + labelOf(path[path.length - 1]) + ' #' + (i + 1),
          on: {
            click: function () {
              values = current();
              values.splice(i, 1);
              draw(addButton);
            },
          },
        });
        box.appendChild(el('div', { class: 'item' }, [f.node, remove]));
        return f;
      });
      if (focus) focus.focus();
    }
    function add() {
      values = current();
      values.push(undefined);
      draw();
      var last = box.lastChild && box.lastChild.querySelector('input, textarea, select');
      if (last) last.focus();
    }
    draw();
    return {
      path: path,
      node: el('div', { class: 'field', 'data-path': path.join('.'), 'data-field': path.length === 1 ? path[0] : undefined }, [fieldset, error]),
      error: error,
      get: function () {
        var out = current().filter(function (v) {
          return v !== undefined;
        });
        return out.length ? out : undefined;
      },
      children: items,
    };
  }

  // ---- The rule editor: conditions on the facts of facts.yaml, values as choices ----
  var TEST_KEYS = ['in', 'is', 'min', 'max', 'within', 'atLeast', 'at'];

  function ruleEditor(id, label, value) {
    var state = { rule: value === undefined ? undefined : JSON.parse(JSON.stringify(value)) };
    var defsOfFacts = {};
    var box = el('div', { class: 'rule-tree' });
    var node = el('fieldset', { class: 'group rule', id: id }, [el('legend', { text: label }), box]);
    var counter = 0;
    facts().then(function (f) {
      defsOfFacts = f;
      draw();
    });
    function draw(focusId) {
      box.textContent = '';
      counter = 0;
      if (state.rule === undefined) {
        box.appendChild(el('p', { class: 'hint', text: S.ruleNone }));
        box.appendChild(adders(state, 'rule', id));
      } else box.appendChild(ruleNode(state, 'rule', id, true));
      var f = focusId && document.getElementById(focusId);
      if (f) f.focus();
    }
    function newCondition() {
      var first = Object.keys(defsOfFacts)[0] || 'status';
      return withDefaultTest({ fact: first });
    }
    function withDefaultTest(c) {
      var def = defsOfFacts[c.fact];
      TEST_KEYS.forEach(function (k) {
        delete c[k];
      });
      if (!def) return c;
      if (def.type === 'enum') c.in = [];
      else if (def.type === 'boolean') c.is = true;
      else if (def.type === 'number') c.min = def.min;
      else if (def.type === 'date') c.within = { years: 5 };
      return c;
    }
    /** "Add a condition" / "Add a group" for an empty place or a group's list. */
    function adders(parent, key, nid) {
      var put = function (rule) {
        if (Array.isArray(parent[key])) parent[key].push(rule);
        else parent[key] = rule;
      };
      return el('div', { class: 'actions' }, [
        el('button', {
          type: 'button',
          class: 'secondary',
          id: nid + '-add-condition',
          text: S.ruleAddCondition,
          on: {
            click: function () {
              put(newCondition());
              draw(nid + '-add-condition');
            },
          },
        }),
        el('button', {
          type: 'button',
          class: 'secondary',
          id: nid + '-add-group',
          text: S.ruleAddGroup,
          on: {
            click: function () {
              put({ all: [newCondition()] });
              draw(nid + '-add-group');
            },
          },
        }),
      ]);
    }
    function removeButton(parent, key, nid) {
      return el('button', {
        type: 'button',
        class: 'secondary',
        text: S.ruleRemove,
        'aria-label': S.ruleRemove + ' — ' + nid.replace(/^f-/, ''),
        on: {
          click: function () {
            if (Array.isArray(parent)) parent.splice(key, 1);
            else delete parent[key];
            draw();
          },
        },
      });
    }
    function ruleNode(parent, key, nid, top) {
      var rule = parent[key];
      if (rule && (rule.all || rule.any || rule.not)) return groupNode(parent, key, nid, top);
      return conditionNode(parent, key, nid);
    }
    function groupNode(parent, key, nid, top) {
      var rule = parent[key];
      var kind = rule.all ? 'all' : rule.any ? 'any' : 'not';
      var kindId = nid + '-kind-' + counter++;
      var kindSelect = el(
        'select',
        { id: kindId },
        ['all', 'any', 'not'].map(function (k) {
          return el('option', { value: k, text: S['rule_' + k], selected: k === kind });
        }),
      );
      kindSelect.addEventListener('change', function () {
        var children = rule.all || rule.any || (rule.not ? [rule.not] : []);
        var next = kindSelect.value === 'not' ? { not: children[0] || newCondition() } : {};
        if (kindSelect.value !== 'not') next[kindSelect.value] = children;
        parent[key] = next;
        draw(kindId);
      });
      var list = el('ol', { class: 'rule-children' });
      if (kind === 'not') list.appendChild(el('li', {}, [ruleNode(rule, 'not', nid + '-not')]));
      else
        rule[kind].forEach(function (_child, i) {
          list.appendChild(el('li', {}, [ruleNode(rule[kind], i, nid + '-' + kind + '-' + i), removeButton(rule[kind], i, nid + '-' + kind + '-' + i)]));
        });
      return el('div', { class: 'rule-group' }, [
        el('div', { class: 'rule-kind' }, [el('label', { for: kindId, text: S.ruleKind }), kindSelect, top ? removeButton(parent, key, nid) : null]),
        list,
        kind === 'not' ? null : adders(rule, kind, nid + '-' + kind),
      ]);
    }
    function conditionNode(parent, key, nid) {
      var c = parent[key];
      var def = defsOfFacts[c.fact];
      var factId = nid + '-fact';
      var factSelect = el(
        'select',
        { id: factId },
        Object.keys(defsOfFacts)
          .map(function (f) {
            return el('option', { value: f, text: factLabel(defsOfFacts[f], f) + ' (' + f + ')', selected: f === c.fact });
          })
          .concat(defsOfFacts[c.fact] ? [] : [el('option', { value: c.fact, text: c.fact + ' — ' + S.ruleUnknownFact, selected: true })]),
      );
      factSelect.addEventListener('change', function () {
        c.fact = factSelect.value;
        withDefaultTest(c);
        draw(factId);
      });
      var parts = [el('label', { for: factId, text: S.ruleFact }), factSelect];
      if (def && def.type === 'enum') {
        var labels = {};
        Object.keys(def.options).forEach(function (o) {
          labels[o] = loc(def.options[o]);
        });
        var boxes = checkboxes(nid + '-in', S.ruleIn, Object.keys(def.options), c.in || [], labels);
        boxes.node.addEventListener('change', function () {
          c.in = boxes.chosen();
        });
        parts.push(boxes.node);
      } else if (def && def.type === 'boolean') {
        var isId = nid + '-is';
        var is = el('select', { id: isId }, [
          el('option', { value: 'true', text: S.yes, selected: c.is !== false }),
          el('option', { value: 'false', text: S.no, selected: c.is === false }),
        ]);
        is.addEventListener('change', function () {
          c.is = is.value === 'true';
        });
        parts.push(el('label', { for: isId, text: S.ruleIs }), is);
      } else if (def && def.type === 'number') {
        ['min', 'max'].forEach(function (k) {
          var nId = nid + '-' + k;
          var n = el('input', { id: nId, type: 'number', min: def.min, max: def.max, value: c[k] === undefined ? '' : c[k] });
          n.addEventListener('input', function () {
            if (n.value === '') delete c[k];
            else c[k] = Number(n.value);
          });
          parts.push(el('label', { for: nId, text: S['rule_' + k] }), n);
        });
      } else if (def && def.type === 'date') {
        var test = c.atLeast ? 'atLeast' : 'within';
        var testId = nid + '-test';
        var testSelect = el(
          'select',
          { id: testId },
          ['within', 'atLeast'].map(function (k) {
            return el('option', { value: k, text: S['rule_' + k], selected: k === test });
          }),
        );
        var duration = c[test] || {};
        testSelect.addEventListener('change', function () {
          var d = c[test] || {};
          delete c[test];
          test = testSelect.value;
          c[test] = d;
        });
        parts.push(el('label', { for: testId, text: S.ruleTest }), testSelect);
        ['years', 'months', 'days'].forEach(function (unit) {
          var uId = nid + '-' + unit;
          var u = el('input', { id: uId, type: 'number', min: 1, value: duration[unit] === undefined ? '' : duration[unit] });
          u.addEventListener('input', function () {
            var d = c[test] || (c[test] = {});
            if (u.value === '') delete d[unit];
            else d[unit] = Number(u.value);
          });
          parts.push(el('label', { for: uId, text: S['rule_' + unit] }), u);
        });
      }
      if (def && (def.type === 'date' || def.growsYearly)) {
        var atId = nid + '-at';
        var at = el('select', { id: atId }, [
          el('option', { value: '', text: S.ruleAtToday, selected: !c.at }),
          el('option', { value: 'previous-year-end', text: S.ruleAtYearEnd, selected: c.at === 'previous-year-end' }),
        ]);
        at.addEventListener('change', function () {
          if (at.value) c.at = at.value;
          else delete c.at;
        });
        parts.push(el('label', { for: atId, text: S.ruleAt }), at);
      }
      return el('div', { class: 'rule-condition' }, parts.concat(Array.isArray(parent) ? [] : [removeButton(parent, key, nid)]));
    }
    draw();
    return {
      node: node,
      get: function () {
        return state.rule === undefined ? undefined : JSON.parse(JSON.stringify(state.rule));
      },
    };
  }

  /** Every field of the form, nested ones included, deepest last. */
  function allFields(list) {
    return list.reduce(function (out, f) {
      return out.concat([f], allFields(f.children || []));
    }, []);
  }

  // ---- Preview: the bot's own cards, drawn by the Adaptive Cards renderer ----
  function cardNode(json, cardLang) {
    var wrap = el('div', { class: 'card-preview', lang: cardLang });
    if (!window.AdaptiveCards) {
      wrap.appendChild(el('pre', { text: JSON.stringify(json, null, 2) }));
      return wrap;
    }
    var card = new window.AdaptiveCards.AdaptiveCard();
    card.onExecuteAction = function () {
      say(S.previewActionsInert);
    };
    card.parse(json);
    var rendered = card.render();
    if (rendered) wrap.appendChild(rendered);
    return wrap;
  }

  function previewPanel(panel, result) {
    panel.textContent = '';
    var langId = 'preview-lang';
    var audienceId = 'preview-audience';
    var langSelect = el('select', { id: langId }, [
      el('option', { value: 'fr', text: S.french, selected: lang === 'fr' }),
      el('option', { value: 'en', text: S.english, selected: lang === 'en' }),
    ]);
    var audienceSelect = el('select', { id: audienceId }, [
      el('option', { value: 'self', text: S.audienceSelf }),
      el('option', { value: 'caseworker', text: S.audienceCaseworker }),
    ]);
    var body = el('div');
    panel.appendChild(el('h2', { text: S.previewHeading, tabindex: '-1' }));
    if (result.retired) panel.appendChild(el('p', { class: 'error', text: S.previewRetired }));
    panel.appendChild(
      el('div', { class: 'filters' }, [
        el('label', { for: langId, text: S.previewLanguage }),
        langSelect,
        el('label', { for: audienceId, text: S.previewAudience }),
        audienceSelect,
      ]),
    );
    panel.appendChild(body);
    function draw() {
      body.textContent = '';
      var l = langSelect.value;
      var v = result.views.filter(function (x) {
        return x.lang === l && x.audience === audienceSelect.value;
      })[0];
      if (v) {
        body.appendChild(el('h3', { text: S.previewResult }));
        body.appendChild(cardNode(v.result, l));
        body.appendChild(el('h3', { text: S.previewDetails }));
        body.appendChild(cardNode(v.details, l));
      }
      body.appendChild(el('h3', { text: S.previewProfiles }));
      if (!result.profiles.length) body.appendChild(el('p', { text: S.previewNoProfiles }));
      result.profiles.forEach(function (p) {
        var status = p.error ? p.error : t('outcome_' + p.status);
        var reasons = (p.reasons || []).map(function (r) {
          return el('li', { text: r[lang] || r[other] });
        });
        var section = el('section', { class: 'profile', 'data-profile': p.id }, [
          el('h4', { text: loc(p.name) }),
          el('p', {}, [el('strong', { class: 'outcome outcome-' + (p.status || 'error'), text: status })]),
          reasons.length ? el('ul', {}, reasons) : null,
        ]);
        var card = p.cards && p.cards[l] && p.cards[l][audienceSelect.value];
        if (card) section.appendChild(el('details', {}, [el('summary', { text: S.previewCheckCard }), cardNode(card, l)]));
        body.appendChild(section);
      });
    }
    langSelect.addEventListener('change', draw);
    audienceSelect.addEventListener('change', draw);
    draw();
    panel.firstChild.focus();
  }

  function edit(id, from) {
    var creating = id === undefined;
    var root = view(creating ? t('newHeading') : t('editHeading', { id: id }));
    var source = id || from;
    Promise.all([schema(), source ? api('GET', '/offerings/' + encodeURIComponent(source)) : Promise.resolve({ ok: true, json: {} }), facts()]).then(
      function (r) {
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
            var f = field([name], props[name], data[name], required.indexOf(name) >= 0);
            form.appendChild(f.node);
            return f;
          });
        var errors = el('div', { class: 'errors', tabindex: '-1' });
        var panel = el('section', { class: 'preview', 'aria-label': S.previewHeading });
        form.appendChild(errors);
        form.appendChild(
          el('div', { class: 'actions' }, [
            el('button', { type: 'submit', text: S.save }),
            el('button', { type: 'button', class: 'secondary', text: S.preview, on: { click: preview } }),
            creating ? null : el('button', { type: 'button', class: 'secondary', text: S.retire, on: { click: retire } }),
          ]),
        );
        root.appendChild(form);
        root.appendChild(panel);

        function collect() {
          allFields(fields).forEach(function (f) {
            f.error.textContent = '';
            f.node.removeAttribute('data-invalid');
          });
          errors.textContent = '';
          var body = {};
          try {
            fields.forEach(function (f) {
              var v = f.get();
              if (v !== undefined) body[f.path[0]] = v;
            });
          } catch (bad) {
            show([{ path: bad.path, message: bad.message }]);
            return undefined;
          }
          return body;
        }
        var targetId = function () {
          return (creating ? idInput.value.trim() : id) || '-';
        };
        function preview() {
          var body = collect();
          if (!body) return;
          say(S.loading);
          api('POST', '/preview', { id: targetId(), offering: body }).then(function (res) {
            if (res.status === 422) return show(res.json.errors || []);
            if (!res.ok) return failed(res);
            previewPanel(panel, res.json);
            say(S.previewReady);
          });
        }
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
          var body = collect();
          if (!body) return;
          var target = targetId();
          api('PUT', '/offerings/' + encodeURIComponent(target), body, etag ? { 'If-Match': etag } : {}).then(function (res) {
            if (res.status === 422) return show(res.json.errors || []);
            if (!res.ok) return failed(res);
            etag = res.etag;
            if (creating) window.location.hash = '#edit/' + encodeURIComponent(target);
            say(S.saved);
          });
        });
        /** Each error next to the deepest field its path names, and all of them in a list above the buttons. */
        function show(list) {
          var every = allFields(fields);
          errors.appendChild(el('p', { role: 'alert', text: t('invalid', { count: list.length }) }));
          var ul = el('ul');
          list.forEach(function (e) {
            var path = e.path || '';
            var f = every
              .filter(function (x) {
                var p = x.path.join('.');
                return path === p || path.indexOf(p + '.') === 0;
              })
              .pop();
            if (f) {
              f.node.setAttribute('data-invalid', '');
              var own = f.path.join('.');
              f.error.textContent = (f.error.textContent ? f.error.textContent + ' ' : '') + (path !== own ? path + ': ' : '') + e.message;
            }
            ul.appendChild(el('li', { text: (path ? path + ': ' : '') + e.message }));
          });
          errors.appendChild(ul);
          errors.focus();
        }
      },
    );
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

  // ---- Reports: charts (Chart.js, served by this server) with the same counts as tables ----
  var charts = [];
  function chartSection(key, counts, labelOfKey) {
    var id = 'chart-' + key;
    var section = el('section', { class: 'report', 'aria-labelledby': id + '-h' }, [el('h2', { id: id + '-h', text: S['chart_' + key] })]);
    if (!counts.length) {
      section.appendChild(el('p', { text: S.reportEmpty }));
      return section;
    }
    var labels = counts.map(function (c) {
      return labelOfKey ? labelOfKey(c.key) : c.key;
    });
    var values = counts.map(function (c) {
      return c.count;
    });
    // The chart is a picture of the table below it: screen readers read the table.
    var canvas = el('canvas', { id: id, role: 'img', 'aria-label': S['chart_' + key] + ' — ' + S.chartSeeTable, height: 240 });
    section.appendChild(el('div', { class: 'chart' }, [canvas]));
    section.appendChild(
      el('table', {}, [
        el('thead', {}, [el('tr', {}, [el('th', { scope: 'col', text: S['chartKey_' + key] }), el('th', { scope: 'col', text: S.colCount })])]),
        el(
          'tbody',
          {},
          counts.map(function (c, i) {
            return el('tr', {}, [el('td', { text: labels[i] }), el('td', { text: String(c.count) })]);
          }),
        ),
      ]),
    );
    if (window.Chart) {
      charts.push(
        new window.Chart(canvas, {
          type: 'bar',
          data: { labels: labels, datasets: [{ label: S.colCount, data: values, backgroundColor: '#095797' }] },
          options: {
            animation: false,
            responsive: true,
            maintainAspectRatio: false,
            plugins: { legend: { display: false } },
            scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
          },
        }),
      );
    }
    return section;
  }

  function reports() {
    var root = view(S.reportsHeading);
    var year = new Date().getMonth() >= 3 ? new Date().getFullYear() : new Date().getFullYear() - 1;
    var fy = el('input', { id: 'report-fy', type: 'number', min: 2000, max: 2100, value: year });
    var list = el('ul');
    var drawn = el('div');
    var names = {};
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
      charts.forEach(function (c) {
        c.destroy();
      });
      charts = [];
      drawn.textContent = '';
      api('GET', '/reports/referrals?fiscalYear=' + encodeURIComponent(fy.value)).then(function (r) {
        if (!r.ok) return failed(r);
        var report = r.json;
        drawn.appendChild(el('p', { text: t('reportTotal', { total: report.total, from: report.period.from, to: report.period.to }) }));
        var label = function (prefix) {
          return function (key) {
            return key === 'notStated' ? S.notStated : S[prefix + key] || names[key] || key;
          };
        };
        drawn.appendChild(chartSection('month', report.byMonth));
        drawn.appendChild(chartSection('offering', report.byOffering, label('')));
        drawn.appendChild(chartSection('status', report.byStatus || [], label('referralStatus_')));
        drawn.appendChild(chartSection('region', report.byRegion, label('')));
        drawn.appendChild(chartSection('gender', report.byGender, label('gender_')));
      });
    }
    fy.addEventListener('change', draw);
    root.appendChild(el('div', { class: 'field' }, [el('label', { for: 'report-fy', text: S.reportFiscalYear }), fy]));
    root.appendChild(list);
    root.appendChild(drawn);
    // Offerings and regions by their names, in the page's language.
    Promise.all([api('GET', '/offerings'), facts()]).then(function (r) {
      ((r[0].json && r[0].json.offerings) || []).forEach(function (o) {
        names[o.id] = loc(o.data.name);
      });
      var regions = (r[1].region && r[1].region.options) || {};
      Object.keys(regions).forEach(function (k) {
        names[k] = loc(regions[k]);
      });
      draw();
    });
  }

  // ---- Lists edited whole as JSON: the test profiles, the receiving organizations ----
  function jsonList(o) {
    var root = view(S[o.prefix + 'Heading']);
    root.appendChild(el('p', { text: S[o.prefix + 'Intro'] }));
    api('GET', o.path).then(function (r) {
      if (!r.ok) return failed(r);
      var id = o.prefix + '-json';
      var area = el('textarea', { id: id, rows: 24, class: 'json', 'aria-describedby': o.prefix + '-hint ' + o.prefix + '-errors' });
      area.value = JSON.stringify(r.json[o.key], null, 2);
      var errors = el('div', { id: o.prefix + '-errors', class: 'errors', tabindex: '-1' });
      var list = function (items) {
        return el(
          'ul',
          {},
          items.map(function (e) {
            return el('li', { text: (e.path ? e.path + ': ' : '') + e.message });
          }),
        );
      };
      if (r.json.updatedBy)
        root.appendChild(el('p', { text: t('profilesUpdated', { who: r.json.updatedBy, when: r.json.updatedAt.slice(0, 16).replace('T', ' ') }) }));
      root.appendChild(
        el(
          'form',
          {
            on: {
              submit: function (event) {
                event.preventDefault();
                errors.textContent = '';
                var items;
                try {
                  items = JSON.parse(area.value);
                } catch (e) {
                  errors.appendChild(el('p', { role: 'alert', text: t('jsonInvalid', { message: e.message }) }));
                  return errors.focus();
                }
                var body = {};
                body[o.key] = items;
                api('PUT', o.path, body).then(function (res) {
                  if (res.status === 422) {
                    errors.appendChild(el('p', { role: 'alert', text: t('invalid', { count: res.json.errors.length }) }));
                    errors.appendChild(list(res.json.errors));
                    return errors.focus();
                  }
                  if (!res.ok) return failed(res);
                  if (res.json.warnings && res.json.warnings.length) {
                    errors.appendChild(el('p', { role: 'alert', text: S.savedWithWarnings }));
                    errors.appendChild(list(res.json.warnings));
                  }
                  say(S[o.prefix + 'Saved']);
                });
              },
            },
          },
          [
            el('div', { class: 'field' }, [
              el('label', { for: id, text: S[o.prefix + 'Label'] }),
              el('p', { class: 'hint', id: o.prefix + '-hint', text: S[o.prefix + 'Hint'] }),
              area,
            ]),
            errors,
            el('button', { type: 'submit', text: S[o.prefix + 'Save'] }),
          ],
        ),
      );
    });
  }
  var profiles = function () {
    jsonList({ prefix: 'profiles', path: '/test-profiles', key: 'profiles' });
  };
  var organizations = function () {
    jsonList({ prefix: 'organizations', path: '/organizations', key: 'organizations' });
  };

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
    else if (parts[0] === 'profiles') profiles();
    else if (parts[0] === 'organizations') organizations();
    else offerings();
  }
  window.addEventListener('hashchange', route);
  route();
})();
