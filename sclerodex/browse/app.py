"""The browse screen: a query box, the hits, a preview of the selected hit
with its source's disclaimer always under it, and a status line.

Keys: type to search (after a pause of DEBOUNCE seconds; a word that looks
misspelt is looked up once typing pauses for SETTLE seconds); Down or Enter go
to the hits; in the hits, Up/Down select, Left/Right show the article's
other sections, Enter reads the whole article, o opens it in the browser,
w saves the query as a saved search, / sets filters, Esc goes back, q quits
(Ctrl-C or Ctrl-Q quit anywhere).

Colours come from the terminal's theme through Textual; the marks in the
text are reverse video and underline, so they read in light and dark
terminals and with NO_COLOR alike.
"""

from __future__ import annotations

import os

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from sclerodex.browse.model import Answer, Browser, Preview, disclaimer_of
from sclerodex.errors import SclerodexError
from sclerodex.search.by_name import address_of
from sclerodex.search.filter_line import read_filter_line
from sclerodex.search.records import Hit
from sclerodex.textutil import strip_unsafe

DEBOUNCE = 0.03  # seconds of quiet after a keystroke before searching
SETTLE = 0.3  # seconds of quiet after a keystroke before words that look misspelt are looked up
WIDE = 120  # columns from which the hits and the preview sit side by side

MATCH = "reverse"
PASSAGE = "underline"


def hit_prompt(hit: Hit) -> Text:
    """Two lines: title › heading path; date · site."""
    label = " › ".join((hit.article.title, *hit.section.path)) if hit.section.path else hit.article.title
    details = " · ".join(part for part in (hit.article.published, hit.article.site) if part) or hit.article.id
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(strip_unsafe(label), style="bold")
    text.append("\n")
    text.append(strip_unsafe(details), style="dim")
    return text


def _keys(hits) -> tuple:
    """What makes two lists of hits the same list on screen."""
    return tuple((hit.article, hit.section) for hit in hits)


def marked(text: str, passages, matches) -> Text:
    shown = Text(strip_unsafe(text))
    for start, end in passages:
        shown.stylize(PASSAGE, start, end)
    for start, end in matches:
        shown.stylize(MATCH, start, end)
    return shown


def preview_text(preview: Preview) -> Text:
    article, section = preview.article, preview.section
    shown = Text()
    shown.append(strip_unsafe(article.title), style="bold")
    meta = [article.published.isoformat() if article.published else None, article.site, article.url or article.source]
    shown.append("\n" + strip_unsafe(" · ".join(p for p in meta if p)) + "\n", style="dim")
    heading = " › ".join(section.path) if section.path else "Introduction"
    count = len(article.sections)
    shown.append(f"\n§ {preview.index + 1}/{count} {strip_unsafe(heading)}", style="bold")
    if count > 1:
        shown.append("   (←/→ other sections, Enter whole article)", style="dim")
    shown.append("\n\n")
    shown.append_text(marked(section.text, preview.passages, preview.matches))
    return shown


class ArticleScreen(Screen):
    """One whole article, its disclaimer under it; Esc goes back."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("o", "app.open_article", "Open in browser"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, text: Text, disclaimer: str):
        super().__init__()
        self.text, self.disclaimer = text, disclaimer

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="article"):
            yield Static(self.text, id="article-text")
        yield Static(strip_unsafe(self.disclaimer), id="article-disclaimer", classes="disclaimer")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#article").focus()


class Hits(OptionList):
    BINDINGS = [
        Binding("left", "app.section(-1)", "Section", show=False),
        Binding("right", "app.section(1)", "Other section"),
        Binding("o", "app.open_article", "Open"),
        Binding("w", "app.save_watch", "Save search"),
        Binding("slash", "app.filters", "Filters"),
        Binding("escape", "app.back", "Back", show=False),
        Binding("q", "app.quit", "Quit"),
    ]


class BrowseApp(App):
    """``sclerodex browse``."""

    TITLE = "sclerodex browse"
    ENABLE_COMMAND_PALETTE = False  # every action has its own key
    CSS = """
    Screen { layout: vertical; }
    #query { border: none; height: 1; padding: 0 1; }
    #filters { border: none; height: 1; padding: 0 1; display: none; }
    #filters.open { display: block; }
    #panes { height: 1fr; layout: vertical; }
    #hits { height: 35%; border: none; padding: 0; }
    #right { height: 1fr; }
    #preview { height: 1fr; padding: 0 1; border-top: solid $primary; }
    .disclaimer { height: auto; padding: 0 1; border-top: solid $secondary; color: $text-muted; }
    #status { height: 1; padding: 0 1; background: $boost; }
    #status.error { text-style: bold; }
    Screen.wide #panes { layout: horizontal; }
    Screen.wide #hits { height: 1fr; width: 45%; }
    Screen.wide #right { width: 1fr; }
    #article { height: 1fr; padding: 0 1; }
    Screen.no-color Hits > .option-list--option-highlighted { text-style: reverse bold; }
    """
    BINDINGS = [
        Binding("ctrl+c", "quit", "Quit", priority=True, show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
    ]

    def __init__(self, index_dir, query: str = "", debounce: float = DEBOUNCE):
        super().__init__()
        self.browser = Browser(index_dir)
        self.initial = query
        self.debounce = debounce
        self.answer: Answer | None = None
        self.preview: Preview | None = None
        self._timer = None
        self._settle = None
        self._previewed: Hit | None = None
        self._disclaimer = strip_unsafe(disclaimer_of(None, None))
        self.searches = 0  # how many searches ran: benchmarks wait on it
        self.shown = 0  # how many answers were put on screen (list or status): benchmarks wait on it

    # ---- layout

    def compose(self) -> ComposeResult:
        yield Input(value=self.initial, placeholder="search: words, \"phrases\", -exclude, field:term…", id="query")
        yield Input(placeholder="filters: tag:TAG site:NAME since:DATE until:DATE  (Enter applies, Esc closes)",
                    id="filters")
        with Vertical(id="panes"):
            yield Hits(id="hits")
            with Vertical(id="right"):
                with VerticalScroll(id="preview"):
                    yield Static("", id="preview-text")
                yield Static(self._disclaimer, id="disclaimer", classes="disclaimer")
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        # NO_COLOR: Textual drops the colours, and with them the selected
        # hit's background; reverse video marks it instead.
        self.screen.set_class(bool(os.environ.get("NO_COLOR")), "no-color")
        self._fit(self.size.width)
        self.query_one("#query", Input).focus()
        self.run_search()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        self.screen.set_class(width >= WIDE, "wide")

    def on_unmount(self) -> None:
        self.browser.close()

    # ---- searching

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "query":
            return
        self._stop_timers()
        self._timer = self.set_timer(self.debounce, self.run_typed)

    def _stop_timers(self) -> None:
        for timer in (self._timer, self._settle):
            if timer is not None:
                timer.stop()
        self._timer = self._settle = None

    def run_typed(self) -> None:
        """The search of a keystroke: words that look misspelt are looked up
        only once typing pauses (the costly part of a half-typed word)."""
        self._timer = None
        if self.run_search(spelling=False).pending:
            self._settle = self.set_timer(max(0.0, SETTLE - self.debounce), self.run_settled)

    def run_settled(self) -> None:
        self._settle = None
        self.run_search()

    def run_search(self, spelling: bool = True) -> Answer:
        """Asks, and shows the answer; returns it (which may not be the list
        shown: a half-typed word that finds nothing leaves the list be)."""
        self._timer = None
        answer = self.browser.ask(self.query_one("#query", Input).value, spelling)
        self.searches += 1
        old = self.answer
        if answer.pending and not answer.hits and old is not None and old.hits:
            # A half-typed word finds nothing yet: the list stays as it was
            # until the pause, and the status line says why.
            self.answer = Answer(old.query, old.result, answer.status, spelling=old.spelling)
        else:
            self.answer = answer
        self.say(self.answer.status, self.answer.error)
        if old is None or _keys(old.hits) != _keys(self.answer.hits):
            hits = self.query_one("#hits", Hits)
            hits.clear_options()
            hits.add_options([Option(hit_prompt(hit), id=str(n)) for n, hit in enumerate(self.answer.hits)])
            if self.answer.hits:
                hits.highlighted = 0
            self.show_preview(self.selected())
        elif old is not self.answer:
            # The same sections, in the same order: the list and the
            # selection stay; the preview changes only if its marks do.
            hit = self.selected()
            if hit is not None and self._previewed is not None and hit.passages != self._previewed.passages:
                self.show_preview(hit)
            else:
                self._previewed = hit
                self._show_disclaimer(hit)
        self.shown += 1
        return answer

    def selected(self) -> Hit | None:
        hits = self.query_one("#hits", Hits)
        if self.answer is None or hits.highlighted is None or hits.highlighted >= len(self.answer.hits):
            return None
        if self.answer.partial is not None and hits.highlighted >= self.answer.partial:
            # Passages were made for the first hits only (a keystroke's
            # search is cheaper so); the selection moved past them.
            whole = self.browser.complete(self.answer)
            if _keys(whole.hits) != _keys(self.answer.hits):  # the index changed meanwhile: the list as it is now
                spelling, self.answer = self.answer.spelling, None
                self.run_search(spelling)
                return self.selected()
            self.answer = Answer(self.answer.query, whole.result, self.answer.status, spelling=self.answer.spelling)
        return self.answer.hits[hits.highlighted]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        hit = self.selected()
        if hit is not self._previewed:  # a new list highlights its first hit, already shown
            self.show_preview(hit)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_read_article()

    def show_preview(self, hit: Hit | None, step: int = 0) -> None:
        self._previewed = hit
        current = self.preview.index if (step and self.preview is not None) else None
        self.preview = self.browser.preview(hit, step, current) if hit is not None else None
        text = self.query_one("#preview-text", Static)
        if self.preview is None:
            text.update(Text("no hit selected" if hit is None else "this article is no longer in the index",
                             style="dim"))
        else:
            text.update(preview_text(self.preview))
            self.call_after_refresh(self._scroll_to_passage)
        self._show_disclaimer(hit)

    def _show_disclaimer(self, hit: Hit | None) -> None:
        """The disclaimer under the preview; drawn (and the screen laid out
        again for its height) only when it changes: mostly it does not."""
        text = strip_unsafe(disclaimer_of(self.answer, hit))
        if text != self._disclaimer:
            self._disclaimer = text
            self.query_one("#disclaimer", Static).update(text)

    def _scroll_to_passage(self) -> None:
        """Bring the first passage into view: its line in the wrapped text."""
        scroll = self.query_one("#preview", VerticalScroll)
        if self.preview is None or not self.preview.passages:
            scroll.scroll_home(animate=False)
            return
        region = scroll.scrollable_content_region
        rendered = preview_text(self.preview)
        start = self.preview.passages[0][0]
        before = rendered.plain[: len(rendered.plain) - len(self.preview.section.text) + start]
        lines = len(Text(before).wrap(self.console, max(1, region.width)))
        # the header stays in view when the passage is near the top
        scroll.scroll_to(y=0 if lines < region.height - 2 else lines - 2, animate=False)

    def say(self, message: str, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        # One line of fixed size: no layout of the whole screen for it (~15 ms a key)
        status.update(Text(strip_unsafe(message), no_wrap=True, overflow="ellipsis"), layout=False)
        status.set_class(error, "error")

    # ---- keys

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "query":
            if self._timer is not None or self._settle is not None:
                self._stop_timers()
                self.run_search()  # Enter does not wait for the pause: the answer with spelling now
            self.query_one("#hits", Hits).focus()
        elif event.input.id == "filters":
            self.apply_filters(event.value)

    def on_key(self, event: events.Key) -> None:
        focused = self.focused
        if isinstance(focused, Input) and focused.id == "query" and event.key == "down":
            self.query_one("#hits", Hits).focus()
            event.stop()
        elif isinstance(focused, Input) and focused.id == "filters" and event.key == "escape":
            self.close_filters()
            event.stop()
        elif isinstance(focused, Input) and focused.id == "query" and event.key == "escape":
            self.action_quit_or_clear()
            event.stop()

    def action_quit_or_clear(self) -> None:
        query = self.query_one("#query", Input)
        if query.value:
            query.value = ""
        else:
            self.exit(0)

    def action_back(self) -> None:
        self.query_one("#query", Input).focus()

    def action_section(self, step: int) -> None:
        self.show_preview(self.selected(), step)

    def action_read_article(self) -> None:
        hit = self.selected()
        if hit is None or self.preview is None:
            return
        from sclerodex.output.articles import article_text

        whole = Text(article_text(self.preview.article))
        self.push_screen(ArticleScreen(whole, self.preview.article.disclaimer or hit.disclaimer))

    def action_open_article(self) -> None:
        import webbrowser  # ~20 ms of the start, for a key seldom pressed

        if self.preview is None:
            self.say("no hit selected to open", True)
            return
        address = address_of(self.preview.article)
        if address is None:
            self.say(f"{self.preview.article.id} has no URL and its saved page is gone", True)
        elif webbrowser.open(address):
            self.say(f"opened {address}")
        else:
            self.say(f"no web browser could be started (set $BROWSER); the article is at {address}", True)

    def action_save_watch(self) -> None:
        query = self.query_one("#query", Input).value.strip()
        if not query:
            self.say("type a query first: w saves it as a saved search", True)
            return
        try:
            saved, added = self.browser.save_watch(query)
        except SclerodexError as problem:
            self.say(str(problem), True)
            return
        if added:
            self.say(f"saved search {saved.number}: {saved.label()} (sclerodex watch list)")
        else:
            self.say(f"already saved as {saved.number}: {saved.label()}")

    def action_filters(self) -> None:
        bar = self.query_one("#filters", Input)
        bar.value = self.browser.filters.text()
        bar.add_class("open")
        bar.focus()

    def close_filters(self) -> None:
        bar = self.query_one("#filters", Input)
        bar.remove_class("open")
        self.query_one("#hits", Hits).focus()

    def apply_filters(self, line: str) -> None:
        try:
            self.browser.filters = read_filter_line(line)
        except SclerodexError as problem:
            self.say(str(problem), True)
            return
        self.close_filters()
        self.run_search()
        shown = self.browser.filters.text()
        if shown:
            self.say(f"filters: {shown} · {self.answer.status}", self.answer.error)

    async def action_quit(self) -> None:
        self.exit(0)
