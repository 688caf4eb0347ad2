// redactpack review page: the person checks every finding of their
// screenshots before the bundle is built. No dependencies, no build step.
//
// Contract for browser tests (stable ids, classes and data attributes):
//   #shots .shot-item[data-shot]      the screenshot list; .current on the one shown
//   #preview                          <img>: the current screenshot as it will be sent
//   #overlay                          <svg> over it, one .box[data-shot][data-finding]
//                                     per box, class hidden | kept (.locked, .selected);
//                                     drawn boxes: .box.drawn[data-finding=k][data-drawn=k]
//   #overlay .undraw[data-drawn]      the × that removes drawn box k
//   #findings li[data-finding]        this screenshot's findings, class hidden | kept
//                                     (.locked, .selected); click toggles
//   #drawn li[data-drawn] .undraw     drawn boxes, with their remove button
//   #categories li[data-category]     with buttons .cat-hide and .cat-keep
//   #statement-title -category -ticket -problem -checked -suspect -ask
//   #save-state                       "Saving…" / "Saved"
//   #checklist li[data-id]            class present | missing
//   #prev #next #labels               toolbar; #zoom button[data-zoom=whole|width|large]
//   #build  #status (.error)  #built  body.done once built (all controls disabled)
//
// Every value shown comes from the server and is treated as untrusted: it
// goes into the page as textContent or an attribute, never as markup.
'use strict';

(() => {
	const token = document.querySelector('meta[name="redactpack-token"]').content;
	const lang = /^zh/i.test(document.documentElement.lang) ? 'zh' : 'en';

	// The page's words. The English of the static page is in index.html;
	// what is missing here comes from there (translate skips unknown keys).
	// Categories and checklist labels match bundle/labels.go, so that the
	// page says what the PDF will say.
	const T = {
		en: {
			hidden: 'Hidden', kept: 'Kept', drawn: 'Hidden by you', appTitle: 'Check before sending',
			previewAlt: 'Screenshot {0} as it will be sent', area: 'Area {0}', remove: 'Remove', removeTitle: 'Show this area again',
			toKeep: 'Hidden: click to keep it visible', toHide: 'Visible: click to hide it',
			lockedTitle: 'Seed phrases and card numbers are always hidden',
			hideAll: 'Hide all', keepAll: 'Keep all', catCount: '{0} hidden · {1} kept', saving: 'Saving…', saved: 'Saved',
			present: 'present', missing: 'missing',
			summary: '{0} {0|screenshot|screenshots} · {1} hidden · {2} kept visible', summaryDrawn: ' · {0} {0|area|areas} drawn',
			shotCount: '{0} hidden · {1} kept', shotDrawn: ' · {0} drawn',
			didHide: 'Hidden: {0}', didKeep: 'Kept visible: {0}', didDraw: 'Area hidden.', didUndraw: 'Area shown again.',
			didCatHide: 'Every {0} is hidden.', didCatKeep: 'Every {0} is kept visible.',
			building: 'Building the bundle… this can take a few seconds.',
			built: 'Built: {0} in {1}', stopped: 'redactpack has stopped: you can close this page.',
			errLocked: 'Seed phrases and card numbers are always hidden: they cannot be kept visible.',
			errToken: 'This page is not allowed (wrong token): open the address redactpack printed.',
			errGone: 'Cannot reach redactpack: is it still running?',
			errServer: 'redactpack says: {0}', errLoad: 'Could not load the review: {0}',
			cats: { email: 'e-mail', phone: 'phone', address: 'address', balance: 'balance', wallet: 'wallet address',
				idnum: 'ID number', card: 'card number', seed: 'seed phrase / key', name: 'name', account: 'account ID',
				txid: 'TxID', ticket: 'ticket ID', deny: 'listed term' },
			items: {}, // the server's labels
		},
		zh: {
			hidden: '已隐藏', kept: '保留', drawn: '手动隐藏', appTitle: '发送前检查',
			previewAlt: '截图 {0}（发送时的样子）', area: '区域 {0}', remove: '移除', removeTitle: '不再隐藏这块区域',
			toKeep: '已隐藏：点击改为保留', toHide: '可见：点击隐藏', lockedTitle: '助记词和银行卡号始终隐藏',
			hideAll: '全部隐藏', keepAll: '全部保留', catCount: '{0} 个已隐藏 · {1} 个保留', saving: '正在保存…', saved: '已保存',
			present: '已提供', missing: '缺少',
			summary: '{0} 张截图 · {1} 个已隐藏 · {2} 个保留可见', summaryDrawn: ' · {0} 块手动区域',
			shotCount: '{0} 个已隐藏 · {1} 个保留', shotDrawn: ' · {0} 块手动',
			didHide: '已隐藏：{0}', didKeep: '保留可见：{0}', didDraw: '已隐藏该区域。', didUndraw: '该区域不再隐藏。',
			didCatHide: '所有{0}均已隐藏。', didCatKeep: '所有{0}均保留可见。',
			building: '正在生成证据包…可能需要几秒钟。', built: '已生成：{0}（文件夹 {1}）', stopped: 'redactpack 已停止，可以关闭此页面。',
			errLocked: '助记词和银行卡号始终隐藏，不能保留。', errToken: '无权访问此页面（令牌错误）：请打开 redactpack 输出的地址。',
			errGone: '无法连接 redactpack：它还在运行吗？', errServer: 'redactpack 提示：{0}', errLoad: '无法加载：{0}',
			// index.html's words
			loading: '正在加载…', build: '生成证据包', shots: '截图', shotsNote: '每张截图都按发送时的样子显示。',
			prev: '上一张截图（← 或 k）', next: '下一张截图（→ 或 j）', labels: '标签',
			zWhole: '整张', zWidth: '适应宽度', zLarge: '放大', zWholeTitle: '显示整张截图', zWidthTitle: '截图适应宽度',
			zLargeTitle: '按预览的最大尺寸显示（滚动查看全部）',
			hint: '←/→ 或 j/k：切换截图 · ↑/↓：切换项目 · 空格或 t：隐藏/保留 · 在图上拖动：隐藏一块区域',
			noShots: '没有截图。', findings: '本截图中找到的信息', noFindings: '这里没有找到信息。在截图上拖动即可隐藏任何隐私内容。',
			drawnTitle: '手动隐藏的区域', noDrawn: '在截图上拖动，隐藏工具漏掉的内容。', categories: '所有截图，按类别',
			statement: '问题描述', fTitle: '标题', fCategory: '类别', fTicket: '工单号',
			fProblem: '发生了什么', fChecked: '我已检查', fSuspect: '我怀疑', fAsk: '希望客服做什么',
			phTitle: '例如：提现两天未到账', phTicket: '例如：SR-12345', phProblem: '你做了什么、预期是什么、实际发生了什么、什么时候。',
			phChecked: '例如：已在区块浏览器查询 TxID，已查看邮箱和垃圾邮件。', phSuspect: '例如：我选择的网络与充值地址不一致。',
			phAsk: '例如：请核查这笔转账并退回资金。',
			catLogin: '登录', catKYC: '身份认证（KYC）', catTransfer: '转账 / 提现', catOther: '其他',
			checklist: '材料清单', checklistNote: '此类问题客服通常需要的材料，以及它们在证据包中的位置。',
			cats: { email: '邮箱', phone: '手机号', address: '地址', balance: '金额', wallet: '钱包地址',
				idnum: '证件号', card: '银行卡号', seed: '助记词 / 私钥', name: '姓名', account: '账户 ID',
				txid: '交易哈希', ticket: '工单号', deny: '指定隐藏词' },
			items: { contact: '注册邮箱或手机号（打码）', failing: '失败步骤的截图', time: '发生时间', notice: '拒绝通知',
				doctype: '证件类型', txid: '交易哈希（TxID）', address: '转出和接收地址', amount: '金额',
				explorer: '区块浏览器截图', shot: '问题截图', ask: '希望客服做什么' },
			// The checklist's "where" comes in English (bundle.Checklist); its
			// few phrases are translated here, in this order.
			where: [[/\bscreenshots ([\d–]+(?:, [\d–]+)*)/g, (_, l) => '截图 ' + l.replaceAll(', ', '、')], [/\bscreenshot (\d+)/g, '截图 $1'],
				[/(\d+) screenshots/g, '$1 张截图'], [/\bstatement\b/g, '问题描述'], [/\btimeline\b/g, '时间线'],
				[/ \(hidden\)/g, '（已隐藏）'], [/only one found/g, '只找到一个'], [/, /g, '，']],
		},
	}[lang];

	// t returns the page's words for key, with {0}, {1}… filled in, and
	// {0|one|many} as the number {0} wants.
	function t(key, ...args) {
		const s = typeof T[key] === 'string' ? T[key] : key;
		return s.replace(/\{(\d)\|([^|}]*)\|([^}]*)\}/g, (_, i, one, many) => (args[i] === 1 ? one : many))
			.replace(/\{(\d)\}/g, (_, i) => String(args[i]));
	}
	const catName = (c) => T.cats[c] || c;
	const $ = (sel) => document.querySelector(sel);

	// el makes an HTML element: props are properties (className,
	// textContent…), except data-* and aria-*, which are attributes.
	function el(tag, props = {}, ...kids) {
		const e = document.createElement(tag);
		for (const [k, v] of Object.entries(props)) /^(data|aria)-/.test(k) ? e.setAttribute(k, v) : (e[k] = v);
		e.append(...kids);
		return e;
	}
	function svg(tag, attrs = {}) {
		const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
		for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
		return e;
	}
	const svgTitle = (text) => Object.assign(svg('title'), { textContent: text }); // a tooltip

	const ui = {
		shots: $('#shots'), preview: $('#preview'), overlay: $('#overlay'), stage: $('#stage'),
		viewer: $('#viewer'), findings: $('#findings'), drawn: $('#drawn'), categories: $('#categories'),
		checklist: $('#checklist'), status: $('#status'), built: $('#built'), build: $('#build'),
		summary: $('#summary'), saveState: $('#save-state'), zoom: $('#zoom'), labels: $('#labels'),
	};
	const fields = ['title', 'problem', 'checked', 'suspect', 'ask', 'category', 'ticket'];
	const field = (f) => $('#statement-' + f);

	let state = null;      // the last State from the server
	let cur = 0;           // the screenshot shown
	let sel = -1;          // the selected finding of it
	let zoom = 'width';    // whole (all in view), width (fit the width) or large (the preview's own pixels)
	let scale = 1;         // displayed pixels per screenshot pixel
	let done = false;      // built: the server is gone
	let building = false;
	// The preview URL's v changes only when that screenshot's selection does,
	// so that typing the statement (which bumps the version) reloads nothing.
	const shotSig = [], shotVer = [];

	// ---- talking to the server ----

	class APIError extends Error {
		constructor(status, text) { super(text); this.status = status; }
	}

	// post sends body to an /api/ endpoint with the token; it returns the
	// parsed answer or throws an APIError (status 0: no answer).
	async function post(path, body) {
		let res;
		try {
			res = await fetch(path, {
				method: 'POST', cache: 'no-store', credentials: 'same-origin', body: JSON.stringify(body),
				headers: { 'Content-Type': 'application/json', 'X-Redactpack-Token': token },
			});
		} catch (e) {
			throw new APIError(0, e.message);
		}
		const text = await res.text();
		if (!res.ok) throw new APIError(res.status, text.trim());
		return JSON.parse(text);
	}

	function errorText(e) {
		if (!(e instanceof APIError)) return String((e && e.message) || e);
		return { 0: t('errGone'), 409: t('errLocked'), 403: t('errToken') }[e.status] || t('errServer', e.message || e.status);
	}

	let statusTimer = 0;
	// say shows msg in the status line; errors stay until the next message.
	function say(msg, isError = false) {
		clearTimeout(statusTimer);
		ui.status.textContent = msg;
		ui.status.classList.toggle('error', isError);
		if (!isError && !done) statusTimer = setTimeout(() => { ui.status.textContent = ''; }, 5000);
	}

	// change posts a change and shows the State it returns, and ok; it
	// reports whether it worked.
	async function change(path, body, ok) {
		if (done) return false;
		try {
			setState(await post(path, body));
			if (ok) say(ok);
			return true;
		} catch (e) {
			say(errorText(e), true);
			return false;
		}
	}

	// ---- state ----

	function setState(s) {
		// Answers may come back out of order (a statement save racing a
		// toggle); each carries the whole state, so the newest one wins.
		if (state && s.version < state.version) return;
		for (const k of ['shots', 'checklist', 'categories', 'locked']) s[k] = s[k] || [];
		s.statement = s.statement || {};
		s.shots.forEach((sh, i) => {
			sh.findings = sh.findings || [];
			sh.drawn = sh.drawn || [];
			for (const f of sh.findings) f.boxes = f.boxes || [];
			const sig = JSON.stringify([sh.findings.map((f) => f.hidden), sh.drawn]);
			if (sig !== shotSig[i]) { shotSig[i] = sig; shotVer[i] = s.version; }
		});
		if (!state) for (const f of fields) field(f).value = s.statement[f] || '';
		state = s;
		cur = Math.min(cur, Math.max(0, s.shots.length - 1));
		const n = shot() ? shot().findings.length : 0;
		if (sel >= n || (sel < 0 && n)) sel = n ? 0 : -1;
		render();
	}

	const shot = () => state && state.shots[cur];

	function counts(sh) {
		const hidden = sh.findings.filter((f) => f.hidden).length;
		return { hidden, kept: sh.findings.length - hidden, drawn: sh.drawn.length };
	}

	// ---- rendering ----

	function render() {
		const all = state.shots.map(counts), sum = (k) => all.reduce((a, c) => a + c[k], 0);
		const kept = sum('kept'), drawn = sum('drawn');
		ui.summary.textContent = t('summary', state.shots.length, sum('hidden'), kept) + (drawn ? t('summaryDrawn', drawn) : '');
		ui.summary.classList.toggle('has-kept', kept > 0);
		ui.build.disabled = done || building;
		renderShots(); renderStage(); renderFindings(); renderCategories(); renderChecklist();
	}

	// keepFocus re-renders a list without losing the keyboard focus: the
	// element focused before gets it back by its data-key.
	function keepFocus(list, items) {
		const a = document.activeElement;
		const key = list.contains(a) && a.getAttribute('data-key');
		list.replaceChildren(...items);
		const again = key && list.querySelector(`[data-key="${CSS.escape(key)}"]`);
		if (again) again.focus({ preventScroll: true });
	}

	function renderShots() {
		keepFocus(ui.shots, state.shots.map((sh, i) => {
			const c = counts(sh);
			const b = el('button', {
				type: 'button', className: 'shot-item' + (i === cur ? ' current' : '') + (c.kept ? ' has-kept' : ''),
				'data-shot': i, 'data-key': 's' + i, title: sh.name,
			}, el('span', { className: 'num', textContent: i + 1 }), el('span', { className: 'name', textContent: sh.name }),
			el('span', { className: 'counts', textContent: t('shotCount', c.hidden, c.kept) + (c.drawn ? t('shotDrawn', c.drawn) : '') }));
			if (i === cur) b.setAttribute('aria-current', 'true');
			b.addEventListener('click', () => go(i));
			return el('li', {}, b);
		}));
	}

	function renderStage() {
		const sh = shot();
		$('#empty').hidden = !!sh;
		ui.stage.hidden = !sh;
		$('#prev').disabled = done || cur <= 0;
		$('#next').disabled = done || cur >= state.shots.length - 1;
		$('#shot-pos').textContent = sh ? `${cur + 1} / ${state.shots.length}` : '';
		$('#shot-name').textContent = sh ? sh.name : '';
		if (!sh) return;
		const src = `/preview/${cur}.png?t=${encodeURIComponent(token)}&v=${shotVer[cur]}`;
		if (ui.preview.getAttribute('src') !== src) {
			// width and height give the img its shape before it loads, so
			// the overlay lines up at once.
			Object.assign(ui.preview, { width: sh.width, height: sh.height, alt: t('previewAlt', cur + 1), src });
		}
		layout();
	}

	// layout sizes the stage for the zoom, then redraws the overlay in
	// displayed pixels, so that lines and labels stay crisp at any size.
	function layout() {
		const sh = shot();
		if (!sh) return;
		const cs = getComputedStyle(ui.viewer);
		const availW = ui.viewer.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
		const availH = ui.viewer.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
		let w = Math.min(availW, sh.width);
		if (zoom === 'whole') w = Math.min(w, availH * sh.width / sh.height);
		// The server downscales wide previews: larger than that would blur.
		if (zoom === 'large') w = ui.preview.naturalWidth || Math.min(sh.width, 1280);
		w = Math.max(120, Math.floor(w));
		ui.stage.style.width = w + 'px'; // the CSSOM, which the CSP allows
		scale = w / sh.width;
		for (const b of ui.zoom.children) b.setAttribute('aria-pressed', String(b.getAttribute('data-zoom') === zoom));
		drawOverlay();
	}

	// A box's attributes in displayed pixels.
	const rect = (b, cls) => ({ class: cls, x: (b[0] * scale).toFixed(1), y: (b[1] * scale).toFixed(1),
		width: Math.max(2, b[2] * scale).toFixed(1), height: Math.max(2, b[3] * scale).toFixed(1) });

	function drawOverlay() {
		const sh = shot(), o = ui.overlay;
		const W = Math.round(sh.width * scale), H = Math.round(sh.height * scale);
		for (const [k, v] of Object.entries({ width: W, height: H, viewBox: `0 0 ${W} ${H}` })) o.setAttribute(k, v);
		const tags = svg('g', { class: 'tags' }); // last, so that labels lie over the boxes
		o.replaceChildren(tags);
		const disp = (r) => r.map((v) => v * scale);
		const room = { W, H, placed: [], hidden: sh.drawn.map(disp), kept: [] };
		for (const f of sh.findings) room[f.hidden ? 'hidden' : 'kept'].push(...f.boxes.map(disp));
		sh.findings.forEach((f, j) => {
			const cls = `${f.hidden ? 'hidden' : 'kept'}${f.locked ? ' locked' : ''}${j === sel ? ' selected' : ''}`;
			const text = `${catName(f.category)} ${f.masked}`;
			const title = `${text} — ${f.locked ? t('lockedTitle') : t(f.hidden ? 'toKeep' : 'toHide')}`;
			f.boxes.forEach((b, p) => {
				tags.before(svg('g', { class: 'box ' + cls, 'data-shot': cur, 'data-finding': j, 'data-part': p }));
				tags.previousSibling.append(svg('rect', rect(b, 'halo')), svg('rect', rect(b, 'edge')), svgTitle(title));
				if (p === 0 && ui.labels.checked) tag(tags, room, disp(b), text, 'tag ' + cls, j, f.locked);
			});
		});
		sh.drawn.forEach((b, k) => {
			const x = Math.min(W - 10, (b[0] + b[2]) * scale), y = Math.max(10, b[1] * scale);
			const u = svg('g', { class: 'undraw', 'data-drawn': k, transform: `translate(${x.toFixed(1)} ${y.toFixed(1)})` });
			u.append(svg('circle', { r: 9 }), svg('path', { d: 'M-3.5-3.5L3.5 3.5M3.5-3.5L-3.5 3.5' }), svgTitle(t('removeTitle')));
			const g = svg('g', { class: 'box drawn', 'data-shot': cur, 'data-finding': k, 'data-drawn': k });
			g.append(svg('rect', rect(b, 'halo')), svg('rect', rect(b, 'edge')), u);
			tags.before(g);
		});
	}

	// tag labels a finding "category masked" on a coloured plate near its
	// first box. Of a few places (on the box when it is hidden, above,
	// below, a line further out; left- or right-aligned) it takes the one
	// that covers least: another label most of all, then a kept value (what
	// the person is judging), then whatever else is visible. Covering a
	// hidden area costs nothing: the preview has painted it over.
	function tag(tags, room, [bx, by, bw, bh], text, cls, j, locked) {
		const g = svg('g', { class: cls, 'data-finding': j });
		const h = 17, lx = locked ? 14 : 5, plate = svg('rect', { rx: 3, height: h });
		const label = Object.assign(svg('text', { x: lx, y: 12.5 }), { textContent: text });
		g.append(plate, label);
		if (locked) g.append(svg('path', { class: 'lock', d: 'M3 8.5h7v6H3zM4.5 8.5V6.5a2 2 0 0 1 4 0v2' }));
		tags.append(g); // measured where it is drawn
		const w = label.getComputedTextLength() + lx + 5;
		plate.setAttribute('width', w.toFixed(1));
		const xs = [bx, bx + bw - w].map((x) => Math.max(0, Math.min(x, room.W - w)));
		const ys = [by - h - 2, by + bh + 2, by - 2 * h - 3, by + bh + h + 3];
		if (cls.includes('hidden')) ys.unshift(by + (bh - h) / 2);
		const over = (x, y, r) => Math.max(0, Math.min(x + w, r[0] + r[2]) - Math.max(x, r[0])) * Math.max(0, Math.min(y + h, r[1] + r[3]) - Math.max(y, r[1]));
		const sum = (x, y, rs) => rs.reduce((a, r) => a + over(x, y, r), 0);
		let best = null, bestCost = Infinity;
		ys.forEach((y0, i) => xs.forEach((x) => {
			const y = Math.max(0, Math.min(y0, room.H - h));
			const cost = 1000 * sum(x, y, room.placed) + 20 * sum(x, y, room.kept) + Math.max(0, w * h - sum(x, y, room.hidden)) + i;
			if (cost < bestCost) [bestCost, best] = [cost, [x, y]];
		}));
		room.placed.push([best[0], best[1], w, h]);
		g.setAttribute('transform', `translate(${best[0].toFixed(1)} ${best[1].toFixed(1)})`);
	}

	function renderFindings() {
		const sh = shot(), list = sh ? sh.findings : [], drawn = sh ? sh.drawn : [];
		$('#no-findings').hidden = !sh || list.length > 0;
		keepFocus(ui.findings, list.map((f, j) => {
			const b = el('button', {
				type: 'button', className: 'finding', 'data-key': 'f' + j, 'aria-pressed': String(!f.hidden),
				title: f.locked ? t('lockedTitle') : t(f.hidden ? 'toKeep' : 'toHide'),
			}, el('span', { className: 'chip' + (f.locked ? ' lock-icon' : ''), textContent: t(f.hidden ? 'hidden' : 'kept') }),
			el('span', { className: 'what' }, el('span', { className: 'cat', textContent: catName(f.category) }),
				el('span', { className: 'masked', textContent: f.masked })));
			b.addEventListener('click', () => { select(j, false); toggle(j); });
			b.addEventListener('focus', () => select(j, true));
			const li = el('li', { className: `${f.hidden ? 'hidden' : 'kept'}${f.locked ? ' locked' : ''}${j === sel ? ' selected' : ''}`, 'data-finding': j }, b);
			li.addEventListener('mouseenter', () => hover(j, true));
			li.addEventListener('mouseleave', () => hover(j, false));
			return li;
		}));
		$('#no-drawn').hidden = drawn.length > 0;
		keepFocus(ui.drawn, drawn.map((b, k) => {
			const rm = el('button', { type: 'button', className: 'undraw small', 'data-drawn': k, 'data-key': 'd' + k, textContent: t('remove'), title: t('removeTitle') });
			rm.addEventListener('click', () => undraw(k));
			return el('li', { className: 'drawn', 'data-drawn': k }, el('span', { className: 'chip', textContent: t('drawn') }),
				el('span', { className: 'cat', textContent: t('area', k + 1) }), el('span', { className: 'masked', textContent: `${b[2]}×${b[3]} px` }), rm);
		}));
	}

	function renderCategories() {
		const all = state.shots.flatMap((sh) => sh.findings);
		keepFocus(ui.categories, state.categories.map((c) => {
			const fs = all.filter((f) => f.category === c), hidden = fs.filter((f) => f.hidden).length;
			const locked = state.locked.includes(c);
			const button = (hide) => {
				const b = el('button', {
					type: 'button', className: (hide ? 'cat-hide' : 'cat-keep') + ' small', 'data-category': c, 'data-key': (hide ? 'h' : 'k') + c,
					textContent: t(hide ? 'hideAll' : 'keepAll'), 'aria-pressed': String(hide ? hidden === fs.length : hidden === 0),
					disabled: done || (locked && !hide), title: locked && !hide ? t('lockedTitle') : '',
				});
				b.addEventListener('click', () => change('/api/category', { category: c, hide }, t(hide ? 'didCatHide' : 'didCatKeep', catName(c))));
				return b;
			};
			return el('li', { 'data-category': c, className: locked ? 'locked' : '' },
				el('span', { className: 'cat' + (locked ? ' lock-icon' : ''), textContent: catName(c) }),
				el('span', { className: 'counts', textContent: t('catCount', hidden, fs.length - hidden) }),
				el('span', { className: 'seg' }, button(true), button(false)));
		}));
	}

	function renderChecklist() {
		ui.checklist.replaceChildren(...state.checklist.map((it) => {
			let where = it.Where || '';
			for (const [re, to] of T.where || []) where = where.replace(re, to);
			return el('li', { className: it.Present ? 'present' : 'missing', 'data-id': it.ID },
				el('span', { className: 'mark', textContent: it.Present ? '✓' : '✗', 'aria-label': t(it.Present ? 'present' : 'missing') }),
				el('span', { className: 'label', textContent: T.items[it.ID] || it.Label }),
				el('span', { className: 'where', textContent: where }));
		}));
	}

	// ---- selection and actions ----

	// select marks finding j; reveal scrolls its box into view (for the
	// keyboard and the list: a click on the box itself needs no scrolling).
	function select(j, reveal) {
		sel = j;
		for (const e of document.querySelectorAll('#findings li[data-finding], #overlay .box:not(.drawn), #overlay .tags > g')) {
			e.classList.toggle('selected', +e.getAttribute('data-finding') === j);
		}
		const r = reveal && ui.overlay.querySelector(`.box[data-finding="${j}"]:not(.drawn) rect`);
		if (r) r.scrollIntoView({ block: 'nearest', inline: 'nearest' });
	}

	function hover(j, on) {
		for (const e of ui.overlay.querySelectorAll(`.box[data-finding="${j}"]:not(.drawn), .tags > g[data-finding="${j}"]`)) e.classList.toggle('hover', on);
	}

	function toggle(j) {
		const f = shot() && shot().findings[j];
		// A locked finding is asked for all the same: the server says no
		// (409), and the page shows why.
		if (f) change('/api/toggle', { shot: cur, finding: j }, t(f.hidden ? 'didKeep' : 'didHide', `${catName(f.category)} ${f.masked}`));
	}

	const undraw = (k) => change('/api/undraw', { shot: cur, finding: k }, t('didUndraw'));

	function go(i) {
		if (!state || i < 0 || i >= state.shots.length || i === cur) return;
		cur = i;
		sel = shot().findings.length ? 0 : -1;
		render();
		ui.viewer.scrollTop = 0;
	}

	function moveSel(d) {
		const n = shot() ? shot().findings.length : 0;
		if (!n) return;
		const j = Math.max(0, Math.min(n - 1, sel + d));
		const b = ui.findings.querySelector(`li[data-finding="${j}"] button`);
		if (ui.findings.contains(document.activeElement) && b) b.focus(); // focus selects
		else select(j, true);
	}

	// ---- drawing a box: drag on the image ----
	// A press that moves less than 4 px is a click (on a box: toggle it);
	// more is a drag, which draws. The pointer is captured only once a drag
	// starts, so that a click still lands on the box it was on.
	let press = null, drag = null, swallowClick = false;

	function pointAt(e) {
		const r = ui.overlay.getBoundingClientRect();
		return { x: Math.max(0, Math.min(r.width, e.clientX - r.left)), y: Math.max(0, Math.min(r.height, e.clientY - r.top)) };
	}
	function cancelDraw() {
		if (drag) drag.remove();
		drag = press = null;
	}

	ui.overlay.addEventListener('pointerdown', (e) => {
		swallowClick = false; // (a drag released outside the page sends no click)
		if (done || e.button !== 0 || e.target.closest('.undraw')) return;
		press = { id: e.pointerId, ...pointAt(e) };
		e.preventDefault(); // no text selection
	});
	ui.overlay.addEventListener('pointermove', (e) => {
		if (!press || e.pointerId !== press.id) return;
		const p = pointAt(e);
		if (!drag && Math.hypot(p.x - press.x, p.y - press.y) >= 4) {
			drag = ui.overlay.appendChild(svg('rect', { class: 'drawing' }));
			ui.overlay.setPointerCapture(e.pointerId);
		}
		const r = { x: Math.min(p.x, press.x), y: Math.min(p.y, press.y), width: Math.abs(p.x - press.x), height: Math.abs(p.y - press.y) };
		if (drag) for (const [k, v] of Object.entries(r)) drag.setAttribute(k, v);
	});
	ui.overlay.addEventListener('pointerup', (e) => {
		if (!press || e.pointerId !== press.id) return;
		const a = press, p = pointAt(e), wasDrag = !!drag, sh = shot();
		cancelDraw();
		if (!wasDrag) return; // a click: the click handler takes it
		swallowClick = true;
		// From displayed pixels to the screenshot's own, outward, so that
		// the box hides at least what the person covered.
		const x0 = Math.max(0, Math.floor(Math.min(p.x, a.x) / scale)), y0 = Math.max(0, Math.floor(Math.min(p.y, a.y) / scale));
		const x1 = Math.min(sh.width, Math.ceil(Math.max(p.x, a.x) / scale)), y1 = Math.min(sh.height, Math.ceil(Math.max(p.y, a.y) / scale));
		change('/api/draw', { shot: cur, box: [x0, y0, x1 - x0, y1 - y0] }, t('didDraw'));
	});
	ui.overlay.addEventListener('pointercancel', cancelDraw);
	ui.overlay.addEventListener('click', (e) => {
		if (swallowClick || done) { swallowClick = false; return; }
		const u = e.target.closest('.undraw'), b = e.target.closest('.box:not(.drawn)');
		if (u) undraw(+u.getAttribute('data-drawn'));
		else if (b) { select(+b.getAttribute('data-finding'), false); toggle(sel); }
	});

	// ---- the statement ----
	// It is sent 400 ms after the last keystroke, so that the checklist
	// follows the typing without a request per key.

	let saveTimer = 0;
	function saveSoon() {
		clearTimeout(saveTimer);
		ui.saveState.textContent = t('saving');
		saveTimer = setTimeout(save, 400);
	}
	async function save() {
		clearTimeout(saveTimer);
		const statement = {};
		for (const f of fields) statement[f] = field(f).value;
		const ok = await change('/api/statement', { statement });
		ui.saveState.textContent = ok ? t('saved') : '';
		return ok;
	}
	for (const f of fields) field(f).addEventListener(f === 'category' ? 'change' : 'input', saveSoon);

	// ---- build ----

	async function build() {
		if (done || building) return;
		building = ui.build.disabled = true;
		ui.build.classList.add('busy');
		try {
			// The statement as typed goes first, whatever became of the
			// saves before: the bundle must hold what the person sees.
			if (!(await save())) return;
			say(t('building'));
			finish(await post('/api/build', {}));
		} catch (e) {
			say(errorText(e), true);
		} finally {
			building = false;
			ui.build.classList.remove('busy');
			ui.build.disabled = done;
		}
	}

	// finish shows where the bundle went and disables everything: the
	// server stops once it has built.
	function finish(b) {
		done = true;
		ui.built.textContent = t('built', b.pdf, b.dir);
		ui.built.hidden = false;
		document.body.classList.add('done');
		for (const c of document.querySelectorAll('button, input, textarea, select')) c.disabled = true;
		say(t('stopped'));
	}

	// ---- wiring ----

	function translate() {
		for (const [attr, prop] of [['data-i18n', 'textContent'], ['data-i18n-ph', 'placeholder'], ['data-i18n-title', 'title']]) {
			for (const e of document.querySelectorAll(`[${attr}]`)) {
				if (typeof T[e.getAttribute(attr)] === 'string') e[prop] = T[e.getAttribute(attr)];
			}
		}
		document.title = 'redactpack — ' + t('appTitle');
	}

	ui.build.addEventListener('click', build);
	$('#prev').addEventListener('click', () => go(cur - 1));
	$('#next').addEventListener('click', () => go(cur + 1));
	for (const b of ui.zoom.children) b.addEventListener('click', () => { zoom = b.getAttribute('data-zoom'); layout(); });
	ui.preview.addEventListener('load', () => { if (zoom === 'large') layout(); });
	ui.labels.addEventListener('change', () => { if (shot()) drawOverlay(); });
	new ResizeObserver(() => { if (shot()) layout(); }).observe(ui.viewer);

	document.addEventListener('keydown', (e) => {
		const tg = e.target;
		if (done || e.ctrlKey || e.metaKey || e.altKey || tg.closest('input, textarea, select, [contenteditable]')) return; // typing
		switch (e.key) {
			case 'ArrowRight': case 'j': go(cur + 1); break;
			case 'ArrowLeft': case 'k': go(cur - 1); break;
			case 'ArrowDown': moveSel(1); break;
			case 'ArrowUp': moveSel(-1); break;
			case ' ': if (tg.closest('button')) return; // the button's own click
			// falls through
			case 't': case 'T': if (sel >= 0) toggle(sel); break;
			case 'Escape': cancelDraw(); break;
			default: return;
		}
		e.preventDefault();
	});

	translate();
	fetch('/api/state?t=' + encodeURIComponent(token), { cache: 'no-store' })
		.then(async (res) => {
			if (!res.ok) throw new APIError(res.status, (await res.text()).trim());
			setState(await res.json());
		})
		.catch((e) => {
			ui.summary.textContent = '';
			say(t('errLoad', errorText(e)), true);
		});
})();
