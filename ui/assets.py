"""The page's CSS and the one script: clicking a [n] link highlights passage n.

The script listens for clicks on `a.cite-link` (classes `turn-T`, href `#cite-N`). If the
panels already show turn T it marks `#cite-N` and `#source-N` active and scrolls both into
view; otherwise it writes "T:N:nonce" into the hidden #cite-request box, the server
re-renders the panels for turn T, and `window.ragShowPending()` runs after the update.
After each answer `window.ragScrollToFirst()` scrolls the article to its first cited span.
"""

CSS = """
.rag-answer, .rag-question-text { white-space: pre-wrap; }
.rag-streaming .rag-cursor { opacity: .6; animation: rag-blink 1s step-end infinite; }
@keyframes rag-blink { 50% { opacity: 0; } }
a.cite-link { font-weight: 600; text-decoration: none; padding: 0 .1em; border-radius: 3px;
  color: var(--color-accent, #ea580c); cursor: pointer; }
a.cite-link:hover { background: rgba(234, 88, 12, .12); }
.rag-claims { list-style: none; margin: .5em 0 0; padding: 0; }
.rag-claim { margin: .25em 0; font-size: .92em; }
.rag-badge { display: inline-block; padding: .05em .55em; border-radius: 999px; font-size: .8em;
  font-weight: 600; text-transform: uppercase; letter-spacing: .02em; }
.badge-supported { background: #dcfce7; color: #166534; }
.badge-reported { background: #fef3c7; color: #92400e; }
.badge-unsupported { background: #fee2e2; color: #991b1b; }
.rag-note { color: var(--body-text-color-subdued, #555); }
.rag-claim-text { font-style: italic; }
.rag-meta, .rag-closest { margin-top: .4em; font-size: .8em; color: var(--body-text-color-subdued, #666); }
.rag-notice { margin-top: .4em; font-size: .85em; color: #92400e; }
.rag-short { margin-bottom: .3em; }
.rag-why { margin-top: .4em; font-size: .85em; color: #4b5563; }
.rag-error { color: #991b1b; }
.rag-empty { color: var(--body-text-color-subdued, #777); padding: 1em; font-style: italic; }
.rag-sources h3, .rag-article h3 { margin: 0 0 .4em; }
.rag-asked { font-weight: 600; margin: 0 0 .4em; }
.rag-intro { font-size: .9em; color: var(--body-text-color-subdued, #555); }
.rag-source-list { max-height: 34vh; overflow-y: auto; padding-left: 0; list-style: none; margin: 0; }
#sources .source-item { border-left: 3px solid transparent; padding: .3em .6em; margin: .3em 0; border-radius: 4px; }
#sources .source-item.active { border-left-color: #ea580c; background: rgba(234, 88, 12, .08); }
#sources blockquote.rag-quote { margin: .15em 0 0; padding: 0 0 0 .6em; font-style: italic; }
.source-head { display: flex; gap: .5em; align-items: baseline; }
.source-doc { font-weight: 600; font-size: .85em; }
.source-meta { font-size: .75em; color: var(--body-text-color-subdued, #777); }
#sources .source-meta { margin-left: 1.6em; }
.rag-doc-title { font-weight: 600; font-size: .9em; margin-bottom: .3em; }
.rag-article-body { white-space: pre-wrap; max-height: 48vh; overflow-y: auto; font-size: .9em;
  line-height: 1.5; padding: .6em; border: 1px solid var(--border-color-primary, #ddd); border-radius: 6px; }
mark.cite-mark { background: #fef08a; color: inherit; border-radius: 2px; padding: 0 .1em; }
mark.cite-mark.active { background: #fdba74; outline: 2px solid #ea580c; }
.rag-gap { color: var(--body-text-color-subdued, #888); }
#status { font-size: .85em; min-height: 1.4em; color: var(--body-text-color-subdued, #555); }
.source-dates { list-style: none; margin: .2em 0 0 1.6em; padding: 0; font-size: .8em; color: #1e40af; }
.also-retrieved { margin-top: .6em; font-size: .9em; }
.also-retrieved summary { cursor: pointer; color: var(--body-text-color-subdued, #555); }
.rag-retrieved-list { list-style: none; padding-left: .6em; margin: .3em 0; max-height: 24vh; overflow-y: auto; }
.retrieved-item { margin: .3em 0; opacity: .85; }
.retrieved-doc { font-weight: 600; font-size: .85em; }
blockquote.retrieved-quote { margin: .15em 0 0; padding: 0 0 0 .6em; font-style: italic; }
.rag-accounts { margin-top: .5em; font-size: .92em; }
.rag-accounts-head { font-weight: 600; font-size: .85em; text-transform: uppercase; letter-spacing: .02em; }
.rag-account-list { list-style: none; margin: .2em 0 0; padding: 0; }
.rag-account { margin: .3em 0; }
.rag-speaker { font-weight: 600; }
.rag-account-claims { margin: .1em 0 0 1.2em; padding: 0; }
.rag-caveat { margin-left: 1.2em; font-size: .9em; color: #92400e; }
.rag-scope { margin-top: .4em; font-size: .8em; color: #1e40af; }
.library-notices { list-style: none; margin: .3em 0; padding: 0; font-size: .9em; }
.library-notices li { margin: .15em 0; }
.library-error { color: #991b1b; }
.library-done { color: #166534; }
#feedback-status { font-size: .85em; min-height: 1.2em; }
.feedback-error { color: #991b1b; }
.feedback-done { color: #166534; }
"""

JS = """
() => {
  let pending = null;
  function scrollWithin(el) {
    const box = el.closest('.rag-article-body, .rag-source-list');
    if (!box) return;
    const offset = el.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop += offset - box.clientHeight / 3;
  }
  function showCitation(n) {
    document.querySelectorAll('mark.cite-mark.active, .source-item.active')
      .forEach((el) => el.classList.remove('active'));
    const source = document.getElementById('source-' + n);
    const mark = document.getElementById('cite-' + n);
    if (source) { source.classList.add('active'); scrollWithin(source); }
    if (mark) {
      mark.classList.add('active');
      scrollWithin(mark);
      const box = mark.closest('.rag-article-body') || mark;
      const rect = box.getBoundingClientRect();
      if (rect.top < 0 || rect.bottom > window.innerHeight) box.scrollIntoView({block: 'nearest'});
    }
  }
  window.ragScrollToFirst = () => {
    const mark = document.querySelector('.rag-article mark.cite-mark');
    if (mark) scrollWithin(mark);
  };
  window.ragShowPending = () => { if (pending !== null) { showCitation(pending); pending = null; } };
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a.cite-link');
    if (!link) return;
    const cite = /#cite-(\\d+)$/.exec(link.getAttribute('href') || '');
    const turn = /(?:^|\\s)turn-(\\d+)(?:\\s|$)/.exec(link.className);
    if (!cite || !turn) return;
    event.preventDefault();
    event.stopPropagation();
    const shown = document.querySelector('.rag-article[data-turn], .rag-sources[data-turn]');
    if (shown && shown.dataset.turn === turn[1]) { showCitation(cite[1]); return; }
    pending = cite[1];
    const box = document.querySelector('#cite-request textarea, #cite-request input');
    if (!box) return;
    box.value = turn[1] + ':' + cite[1] + ':' + Date.now();
    box.dispatchEvent(new Event('input', {bubbles: true}));
  }, true);
}
"""
