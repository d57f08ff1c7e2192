import HeraldApp
import Vapor

/// The one stylesheet, written for this project and served from the binary (no files to find
/// at run time). Mobile first; readable on a phone and a laptop; honours dark mode.
enum Stylesheet {
    @Sendable static func serve(req: Request) async throws -> Response {
        StaticAsset.response(css, contentType: "text/css; charset=utf-8")
    }

    static let css = """
    :root{--bg:#f7f7f5;--fg:#1d1d1f;--muted:#5f6368;--card:#fff;--line:#dcdcd8;--accent:#2f5bea;--danger:#b3261e;--ok:#1e7a3c;
    font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:16px;line-height:1.5;color-scheme:light dark}
    @media (prefers-color-scheme:dark){:root{--bg:#141416;--fg:#ececec;--muted:#a0a0a8;--card:#1d1d21;--line:#33333a;--accent:#7b9bff;--danger:#ff8a80;--ok:#7bd88f}}
    *{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg)}
    a{color:var(--accent)}main{max-width:960px;margin:0 auto;padding:1rem}
    .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
    .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--card);padding:.5rem}
    .top{display:flex;align-items:center;gap:.75rem;padding:.6rem 1rem;background:var(--card);border-bottom:1px solid var(--line);flex-wrap:wrap}
    .brand{font-weight:700;text-decoration:none;color:var(--fg)}.spacer{flex:1}
    .switcher{position:relative}.switcher summary{cursor:pointer;padding:.25rem .5rem;border:1px solid var(--line);border-radius:6px}
    .switcher ul{position:absolute;z-index:5;background:var(--card);border:1px solid var(--line);border-radius:6px;list-style:none;margin:.25rem 0 0;padding:.5rem;min-width:16rem}
    .switcher li{padding:.25rem}.switcher [aria-current]{font-weight:700}
    .bell{display:inline-flex;align-items:center;gap:.2rem;text-decoration:none;padding:.2rem .4rem;border-radius:6px}.bell-count{min-width:1.2rem;padding:0 .35rem;border-radius:999px;background:var(--accent);color:#fff;font-size:.8rem;text-align:center}.bell-count.problem{background:var(--danger)}.bell-count.quiet{background:transparent;color:var(--muted)}
    .sections,.tabs{display:flex;flex-wrap:wrap;gap:.25rem;padding:.5rem 1rem;background:var(--card);border-bottom:1px solid var(--line)}
    .tabs{background:none;border:0;padding:.5rem 0}
    ul.connect{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
    .inbox-text{white-space:pre-wrap;overflow-wrap:anywhere}
    ul.replies{border-left:3px solid var(--line);padding-left:.75rem;list-style:none}
    ul.history{list-style:none;padding-left:.75rem;color:var(--muted)}
    ul.inbox>li.current{outline:2px solid var(--accent);outline-offset:2px}
    .label{display:inline-block;border:1px solid var(--line);border-radius:1em;padding:0 .5em;font-size:.85em;margin-right:.25em}
    .priority-urgent{color:var(--danger)}.priority-high{color:var(--accent)}
    form.work{display:flex;flex-wrap:wrap;gap:.25rem .5rem;align-items:end}
    .sections a,.tabs a{padding:.35rem .7rem;border-radius:6px;text-decoration:none;white-space:nowrap}
    .sections a[aria-current],.tabs a[aria-current]{background:var(--accent);color:#fff}
    .sections-menu{display:none;background:var(--card);border-bottom:1px solid var(--line);padding:.4rem 1rem}.sections-menu summary{cursor:pointer;font-weight:600;padding:.3rem 0}
    .sections-list{display:flex;flex-direction:column;gap:.15rem;padding:.25rem 0}.sections-list a{padding:.45rem .6rem;border-radius:6px;text-decoration:none}.sections-list a[aria-current]{background:var(--accent);color:#fff}
    @media (max-width:700px){nav.sections{display:none}.sections-menu{display:block}.top .switcher ul{min-width:0;max-width:calc(100vw - 2rem)}}
    h1{font-size:1.6rem;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
    .stack{display:flex;flex-direction:column;gap:.35rem;max-width:28rem}.stack fieldset{display:flex;flex-direction:column;gap:.35rem;min-width:0}.row{display:flex;gap:.35rem;align-items:center;flex-wrap:wrap}
    .inline{display:inline}label{font-weight:600;margin-top:.4rem}
    input,select,textarea{font:inherit;padding:.5rem;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--fg);width:100%}
    .row select{width:auto}textarea{resize:vertical}
    [aria-invalid=true]{border-color:var(--danger);outline:2px solid var(--danger)}
    button,.button{font:inherit;padding:.5rem 1rem;border:0;border-radius:6px;background:var(--accent);color:#fff;cursor:pointer;text-decoration:none;display:inline-block;margin-top:.5rem}
    button.secondary{background:var(--muted)}button.link{background:none;color:var(--accent);padding:.25rem;margin:0}
    button.danger{background:none;color:var(--danger);padding:.25rem;margin:0}
    .notice{background:color-mix(in srgb,var(--ok) 15%,transparent);border-left:4px solid var(--ok);padding:.5rem .75rem;border-radius:4px}.notice.stopped{background:color-mix(in srgb,var(--danger) 12%,transparent);border-left-color:var(--danger)}
    .error-summary p{margin:0 0 .25rem}.error-summary ul{margin:0;padding-left:1.2rem}.error-summary a{color:inherit}
    .error,.field-error{color:var(--danger)}.error{border-left:4px solid var(--danger);padding:.5rem .75rem;background:color-mix(in srgb,var(--danger) 10%,transparent)}
    .field-error{margin:0;font-size:.9rem}small,.muted{color:var(--muted)}
    .cards{list-style:none;padding:0;display:grid;gap:.5rem}.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.75rem}
    .post-text{white-space:pre-wrap;margin:0 0 .25rem}
    .table{overflow-x:auto}table{border-collapse:collapse;width:100%;background:var(--card)}
    th,td{text-align:left;padding:.5rem;border-bottom:1px solid var(--line);vertical-align:top}
    .table-scroll{overflow-x:auto;max-width:100%}td.number,th.number{text-align:right}td.number{white-space:nowrap}
    @media (max-width:700px){table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
    table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%;box-sizing:border-box}table.stack{background:transparent}
    table.stack tr{background:var(--card);border:1px solid var(--line);border-radius:8px;margin-bottom:.6rem;padding:.4rem .6rem}
    table.stack td{border:none;padding:.2rem 0;text-align:left;overflow-wrap:anywhere}table.stack td:empty{display:none}
    table.stack td[data-label]::before{content:attr(data-label);display:block;font-size:.8rem;color:var(--muted)}
    table.stack tr.manage{margin-top:-.7rem;border-top:none;border-radius:0 0 8px 8px}}
    .empty{background:var(--card);border:1px dashed var(--line);border-radius:8px;padding:1.5rem;text-align:center}
    code.secret{word-break:break-all;font-size:1rem;user-select:all}
    .composer-layout{display:grid;gap:1rem}@media (min-width:900px){.composer-layout{grid-template-columns:3fr 2fr}}
    fieldset{border:1px solid var(--line);border-radius:8px;padding:.5rem .75rem;margin:.5rem 0}legend{font-weight:600}
    .channel-picks{list-style:none;padding:0;margin:0;display:grid;gap:.35rem}label.check{font-weight:400;margin:0}
    label.check input{width:auto;margin-right:.35rem}details summary{cursor:pointer;color:var(--muted);font-size:.9rem}
    .checks{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.75rem;align-self:start}
    .check-list{list-style:none;padding:0;margin:0;display:grid;gap:.6rem}.check-result ul{margin:.25rem 0 0;padding-left:1.1rem}
    .check-result.ok{border-left:4px solid var(--ok);padding-left:.5rem}.check-result.blocked{border-left:4px solid var(--danger);padding-left:.5rem}
    .counter{float:right;font-variant-numeric:tabular-nums;color:var(--muted)}.counter.over{color:var(--danger);font-weight:700}
    li.block{color:var(--danger)}li.warning{color:var(--fg)}.ready{margin:.25rem 0 0;color:var(--ok)}
    .calendar-nav{display:flex;gap:1rem;align-items:center;margin:.5rem 0}.filters{margin:.5rem 0}.filters select{width:auto}
    @media (max-width:700px){form.filters{display:flex;flex-direction:column;align-items:stretch;gap:.2rem}form.filters select,form.filters input:not([type=checkbox]){width:100%}form.filters button{align-self:flex-start;margin-top:.35rem}form.filters strong{margin-top:.5rem}}
    ol.calendar{list-style:none;padding:0;display:grid;grid-template-columns:repeat(7,minmax(0,1fr));gap:2px;background:var(--line);border:1px solid var(--line)}
    ol.calendar li{background:var(--card);min-height:5.5rem;padding:.25rem;overflow:hidden}ol.calendar li.head{min-height:auto;font-weight:600;text-align:center}
    ol.calendar li.outside{opacity:.55}ol.calendar li.today .date{background:var(--accent);color:#fff;border-radius:4px;padding:0 .3rem}
    ol.calendar.week li{min-height:12rem}.date{font-size:.85rem;color:var(--muted)}
    .entry{display:block;font-size:.8rem;text-decoration:none;color:var(--fg);border-left:3px solid var(--accent);padding:.1rem .3rem;margin:.2rem 0;background:color-mix(in srgb,var(--accent) 8%,transparent);border-radius:3px;cursor:grab}
    .entry time{font-variant-numeric:tabular-nums;font-weight:600}.entry.status-draft{border-left-color:var(--muted)}fieldset.plain{border:0;padding:0;margin:0;min-width:0;display:flex;flex-direction:column;gap:inherit}.entry.status-published{border-left-color:var(--ok)}.entry.problem{border-left-color:var(--danger)}.entry .warn{color:var(--danger)}
    ul.entries{list-style:none;padding:0}ul.entries .entry{font-size:.95rem;padding:.4rem .6rem}
    @media (max-width:700px){ol.calendar{grid-template-columns:1fr}ol.calendar li.head{display:none}ol.calendar li.outside{display:none}ol.calendar li{min-height:auto}}
    form.slots{max-width:none}form.slots input{min-width:12rem}
    .previews{display:grid;gap:.75rem;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr))}
    .preview{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.75rem}
    .preview header{display:flex;gap:.4rem;align-items:center;margin-bottom:.4rem}
    .avatar{display:inline-grid;place-items:center;width:2rem;height:2rem;border-radius:50%;background:var(--accent);color:#fff;font-weight:700}
    .preview-text{white-space:normal;margin:0;overflow-wrap:anywhere}.preview .tag,.preview .mention,.preview a{color:var(--accent)}
    .thread{padding-left:1.2rem}.thread blockquote{margin:.25rem 0 .5rem;padding-left:.6rem;border-left:3px solid var(--line)}
    .status{display:inline-block;padding:.1rem .5rem;border-radius:99px;background:var(--line);font-size:.9rem}
    .media-grid{list-style:none;padding:0;display:grid;gap:.75rem;grid-template-columns:repeat(auto-fill,minmax(10rem,1fr))}
    .media img,.media video{width:100%;aspect-ratio:1;object-fit:cover;border-radius:6px;display:block;margin-bottom:.3rem;background:var(--line)}
    .media-detail img,.media-detail video{max-width:100%;max-height:24rem;border-radius:8px}.fits{padding-left:1rem}
    .preview-media{margin-top:.5rem;border-radius:8px;overflow:hidden;background:var(--line)}
    .preview-media img{display:block;width:100%;height:100%;object-fit:cover}
    .preview-x .preview-media,.preview-mastodon .preview-media{aspect-ratio:16/9}.preview-instagram .preview-media{aspect-ratio:1;margin:0 0 .5rem}
    .preview-linkedin .preview-media{aspect-ratio:4/3}.preview-threads .preview-media,.preview-bluesky .preview-media{max-height:22rem}
    .media-picks{list-style:none;padding:0;margin:0;display:grid;gap:.4rem;grid-template-columns:repeat(auto-fill,minmax(7rem,1fr))}
    .media-picks img,.media-picks video{width:100%;aspect-ratio:1;object-fit:cover;border-radius:4px;display:block}
    .error-text{color:var(--danger)}
    footer{text-align:center;padding:2rem 1rem;color:var(--muted)}
    dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dd{margin:0}
    .figures{display:grid;gap:.75rem;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));padding:0;list-style:none}
    .figures li{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.6rem .75rem}
    .figures strong{display:block;font-size:1.4rem;font-variant-numeric:tabular-nums}.figures small{color:var(--muted)}
    svg.chart{width:100%;height:auto;max-height:12rem;display:block}svg.chart rect{fill:var(--accent)}
    svg.chart polyline{stroke:var(--accent);stroke-width:2}svg.chart.heat{max-height:none;max-width:44rem}
    svg.chart.heat text{font-size:10px;fill:var(--muted)}svg.chart.heat rect.few{fill:var(--line);fill-opacity:1}
    .finding.clear{border-left:4px solid var(--ok);padding-left:.5rem}
    body.bio main{max-width:28rem;text-align:center}ul.bio-links{list-style:none;padding:0;display:grid;gap:.75rem}
    ul.bio-links a.button{display:block;padding:.8rem 1rem}
    @media print{header.top,nav.sections,nav.sections-menu,footer,form,.no-print,a.skip{display:none!important}
    body{background:#fff;color:#000}main{max-width:none;padding:0}a{color:inherit;text-decoration:none}
    .table-scroll{overflow:visible}section,table,svg.chart,.figures li{break-inside:avoid}h2{break-after:avoid}
    .figures li{border-color:#999}svg.chart rect{fill:#333}svg.chart polyline{stroke:#333}}
    """
}
