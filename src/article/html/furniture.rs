//! Page furniture: navigation, banners, share bars, related links, comments and the like,
//! recognised by tag, role, visibility, class or id, and removed before readability runs.

use std::collections::HashSet;

use dom_query::{Document, NodeId, NodeRef};

use super::body::densest_block;
use super::dom::{class_only_words, class_words, has_ancestor, has_token, walk};
use super::meta::Page;
use crate::article::dating::find_date_in_dateline;

/// Elements that never hold article text.
const FURNITURE_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "footer",
    "form",
    "button",
    "select",
    "textarea",
    "input",
    "label",
    "iframe",
    "svg",
    "canvas",
    "figure",
    "figcaption",
    "picture",
    "video",
    "audio",
    "object",
    "embed",
    "dialog",
    "menu",
];

/// Words in a class or id that mark page furniture. Not "paywall": sites mark the paragraphs
/// behind their paywall with it (`<p class="paywall">`), and those are the article.
const FURNITURE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "author",
    "banner-ad",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "caption",
    "comment",
    "comments",
    "consent",
    "cookie",
    "cookies",
    "credit",
    "credits",
    "date",
    "disqus",
    "footer",
    "gdpr",
    "menu",
    "meta",
    "modal",
    "nav",
    "navbar",
    "navigation",
    "newsletter",
    "outbrain",
    "pagination",
    "pager",
    "popup",
    "promo",
    "promotion",
    "pubdate",
    "recommended",
    "recommendations",
    "related",
    "share",
    "sharing",
    "sidebar",
    "signup",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "subscription",
    "taboola",
    "tags",
    "timestamp",
    "toolbar",
    "trending",
];

/// Multi-word furniture names, matched against an element's class and id with everything but
/// letters and digits removed (`most-read`, `mostRead` and `most_read` all give `mostread`).
const FURNITURE_PHRASES: &[&str] = &[
    "mostread",
    "mostpopular",
    "mostviewed",
    "morestories",
    "morefrom",
    "youmayalsolike",
    "youmaylike",
    "alsoread",
    "furtherreading",
    "recirc",
    "skiplink",
    "skipto",
    // The subscription prompt over a paywall, not the text behind it.
    "paywallprompt",
    "paywallbarrier",
    "paywallmessage",
    // WordPress's "This entry was posted on … and is filed under …" paragraph.
    "postmeta",
];

/// Class names that hide an element.
const HIDDEN_CLASSES: &[&str] = &[
    "hidden",
    "is-hidden",
    "d-none",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader-text",
    "screen-reader-only",
    "element-invisible",
    "invisible",
    "offscreen",
    "unsichtbar",
];

/// ARIA roles of page furniture.
const FURNITURE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "dialog",
    "alertdialog",
    "search",
    "menu",
    "menubar",
];

/// Whole paragraphs that are page furniture wherever they appear (compared lowercased, without
/// trailing punctuation).
const FURNITURE_LINES: &[&str] = &[
    "ad",
    "advertisement",
    "advertising",
    "anzeige",
    "werbung",
    "publicité",
    "publicidad",
    "pubblicità",
    "publicidade",
    "advertentie",
    "sponsored",
    "sponsored content",
    "story continues below advertisement",
    "article continues below advertisement",
    "article continues below",
    "continue reading below",
    "scroll to continue with content",
    "skip to content",
    "skip to main content",
    "share",
    "teilen",
    "partager",
    "compartir",
    "condividi",
    "compartilhar",
    "delen",
    "kommentieren",
    "commenter",
    "comentar",
    "commenta",
    "drucken",
    "imprimer",
    "imprimir",
    "stampa",
    "share this",
    "share this article",
    "share this story",
    "share on facebook",
    "share on twitter",
    "tweet",
    "email",
    "print",
    "copy link",
    "link copied",
    "read more",
    "read next",
    "read the rest",
    "read the full story",
    "read the full article",
    "weiterlesen",
    "mehr lesen",
    "lire la suite",
    "leer más",
    "seguir leyendo",
    "continua a leggere",
    "leia mais",
    "lees verder",
    "continue reading",
    "related",
    "related articles",
    "related stories",
    "related posts",
    "related content",
    "weiterführende links",
    "weiterführender link",
    "liens connexes",
    "enlaces relacionados",
    "you might also like",
    "you may also like",
    "recommended for you",
    "more stories",
    "most read",
    "most popular",
    "comments",
    "leave a comment",
    "view comments",
    "show comments",
    "loading",
    "listen to this article",
    // Share buttons named after their networks.
    "twitter",
    "facebook",
    "instagram",
    "linkedin",
    "whatsapp",
    "pinterest",
    "xing",
    "reddit",
    "telegram",
    // Labels of category and tag lists.
    "categories",
    "kategorien",
    "tags",
    "schlagwörter",
    "themen",
    // Related-reading headings.
    "this might interest you",
    "you might be interested in",
    "you may be interested in",
    "dies könnte sie auch interessieren",
    "das könnte sie auch interessieren",
    "das könnte dich auch interessieren",
    "ça pourrait vous intéresser",
    "también te puede interesar",
    "potrebbe interessarti anche",
    "阅读下一篇",
    // A reply link, and the end marks of wire copy.
    "répondre à cet article",
    "(end)",
    "(ends)",
    "-30-",
    "###",
    "text size",
    "font size",
    "print this article",
    "email this article",
    "download audio",
    "embed player",
    "supported by",
];

/// True for a paragraph that is page furniture wherever it stands: one of `FURNITURE_LINES`, a
/// bar of short links separated by `|` ("Comment feed | Comments closed | Trackback URL"), a
/// short line of tags, categories or links to other articles ("Tags: Bilt, Cent", "Lesen Sie
/// auch: …"), or a picture credit or copyright line ("© privat", "Photo: Reuters").
pub(super) fn is_furniture_line(paragraph: &str) -> bool {
    let line = bare_line(paragraph);
    if FURNITURE_LINES.contains(&line.as_str()) {
        return true;
    }
    let link_bar = line.matches('|').count() >= 2
        && line
            .split('|')
            .all(|piece| piece.split_whitespace().count() <= MAX_LINK_WORDS);
    let short_line_starting = |starts: &[&str], max_chars: usize| {
        line.chars().count() <= max_chars && starts.iter().any(|start| line.starts_with(start))
    };
    let browser_notice = line.chars().count() <= MAX_NOTICE_CHARS
        && BROWSER_NOTICES
            .iter()
            .chain(RIGHTS_RESERVED)
            .any(|notice| line.contains(notice));
    link_bar
        || browser_notice
        || is_counter_line(&line)
        || short_line_starting(TAG_LINE_STARTS, MAX_TAG_LINE_CHARS)
        || short_line_starting(CREDIT_STARTS, MAX_CREDIT_CHARS)
}

/// True for a paragraph that opens a page's comment section: "Comments", "3 Kommentare",
/// "Leave a Reply", "12 thoughts on “Parking in Paris”". The article ends before it.
pub(super) fn opens_comments(paragraph: &str) -> bool {
    let line = bare_line(paragraph);
    if line.chars().count() > MAX_TAG_LINE_CHARS {
        return false;
    }
    if COMMENT_HEADINGS.contains(&line.as_str()) {
        return true;
    }
    // A count of comments ("3 comments", "one response to …", "12 thoughts on …"), not a
    // sentence that starts like one ("3 comments on the budget were heard.").
    if paragraph.trim_end().ends_with('.') {
        return false;
    }
    let mut words = line.split_whitespace();
    let (Some(count), Some(noun)) = (words.next(), words.next()) else {
        return false;
    };
    let counted = count.chars().all(|ch| ch.is_ascii_digit()) || count == "one" || count == "no";
    let then = words.next();
    counted
        && COMMENT_NOUNS.contains(&noun)
        && then.is_none_or(|word| ["on", "to", "zu", "sur", "a", "op"].contains(&word))
}

/// A paragraph lowercased, without surrounding white space and trailing punctuation.
fn bare_line(paragraph: &str) -> String {
    paragraph
        .trim()
        .trim_end_matches(['.', ':', '…', '!', '>', '»', '›'])
        .trim()
        .to_lowercase()
}

/// The most words one link of a link bar has.
const MAX_LINK_WORDS: usize = 3;

/// A tags line, a comment heading or a comment count is at most this long (in characters).
const MAX_TAG_LINE_CHARS: usize = 200;

/// How lines of tags and categories, and links to other articles, start (lowercased), in the
/// languages of `dating`'s months.
const TAG_LINE_STARTS: &[&str] = &[
    "read more:",
    "read also:",
    "also read:",
    "see also:",
    "related:",
    "lesen sie auch",
    "lesen sie mehr",
    "mehr zum thema",
    "auch interessant:",
    "lire aussi",
    "à lire aussi",
    "voir aussi",
    "lee también",
    "leer más:",
    "te puede interesar",
    "leggi anche",
    "leia também",
    "lees ook",
    "tags:",
    "tagged:",
    "tagged with",
    "tagged as",
    "filed under",
    "posted in",
    "categories:",
    "category:",
    "topics:",
    "schlagwörter:",
    "schlagworte:",
    "stichwörter:",
    "kategorie:",
    "kategorien:",
    "étiquettes",
    "mots-clés",
    "mots clés",
    "etiquetas:",
    "categorías:",
    "categoria:",
    "categorie:",
    "trefwoorden:",
];

/// A picture credit is at most this long (in characters).
const MAX_CREDIT_CHARS: usize = 80;

/// How picture credits, copyright lines and links back to a list start (lowercased): "©
/// privat", "Photo: Reuters", "« Zurück zur Übersicht".
const CREDIT_STARTS: &[&str] = &[
    "©",
    "(c) ",
    "photo:",
    "photos:",
    "photo credit:",
    "image:",
    "image credit:",
    "credit:",
    "foto:",
    "fotos:",
    "bild:",
    "photo by ",
    "photograph by ",
    "illustration by ",
    "illustration:",
    "graphic by ",
    // Links back to a list ("« Zurück zu den Veranstaltungen", "← Back to all posts"); not
    // any line opening with « or ‹, which open quotations in French and other languages.
    "« zurück",
    "‹ zurück",
    "« back to",
    "‹ back to",
    "« retour",
    "‹ retour",
    "« volver",
    "← ",
    // "Editor in charge: …" in Chinese, bracketed or not.
    "【责任编辑",
    "责任编辑",
];

/// Headings of a comment section (lowercased, without trailing punctuation).
const COMMENT_HEADINGS: &[&str] = &[
    "comments",
    "comment",
    "leave a reply",
    "leave a comment",
    "post a comment",
    "add a comment",
    "write a comment",
    "join the discussion",
    "join the conversation",
    "reader comments",
    "kommentare",
    "kommentar",
    "kommentar schreiben",
    "kommentare schreiben",
    "kommentar verfassen",
    "schreibe einen kommentar",
    "hinterlasse einen kommentar",
    "commentaires",
    "laisser un commentaire",
    "réagir",
    "comentarios",
    "deja un comentario",
    "deja tu comentario",
    "commenti",
    "lascia un commento",
    "comentários",
    "deixe um comentário",
    "reacties",
    "laat een reactie achter",
];

/// Nouns that follow a count in a comment section's heading ("3 comments", "12 thoughts on").
const COMMENT_NOUNS: &[&str] = &[
    "comment",
    "comments",
    "response",
    "responses",
    "reply",
    "replies",
    "thought",
    "thoughts",
    "kommentar",
    "kommentare",
    "commentaire",
    "commentaires",
    "comentario",
    "comentarios",
    "commento",
    "commenti",
    "comentário",
    "comentários",
    "reactie",
    "reacties",
];

/// How a line that states the publication date starts (lowercased): "Published on 3 May
/// 2019", "Publié le 29/10/2012", "Veröffentlicht am 22.12.2012".
pub(super) const PUBLISHED_PHRASES: &[&str] = &[
    "published",
    "first published",
    "posted",
    "publié",
    "publiée",
    "mis en ligne",
    "veröffentlicht",
    "erschienen am",
    "publicado",
    "publicada",
    "pubblicato",
    "pubblicata",
    "gepubliceerd",
    // Blog templates: "This entry was posted on …", "Dieser Artikel wurde am … veröffentlicht".
    "this entry was posted",
    "this article was published",
    "this post was published",
    "dieser artikel wurde am",
    "dieser beitrag wurde am",
    "cet article a été publié",
];

/// How a line that states when the article was last changed starts (lowercased).
pub(super) const UPDATED_PHRASES: &[&str] = &[
    "update",
    "last updated",
    "last modified",
    "aktualisiert",
    "zuletzt aktualisiert",
    "mis à jour",
    "actualizado",
    "actualizada",
    "aggiornato",
    "atualizado",
    "bijgewerkt",
];

/// A date line that opens an article's text is at most this long (in characters).
const MAX_DATE_LINE_IN_BODY: usize = 100;

/// A line with a date and nothing to say it was published or updated is a date line if it is
/// at most this long (in characters) and is not a sentence.
const MAX_BARE_DATE_LINE_IN_BODY: usize = 60;

/// True for a short line of the page's metadata with a date, where it opens the article: one
/// that states when the article was published or updated ("Published: Wednesday, 21 Sep 2011 |
/// 4:35 PM ET", "Updated 2308 GMT, August 13, 2010"), or any line with a date that is short
/// and not a sentence ("Datum: 22.12.2012, Rubrik: USA", "jeudi 27 juin 2019, par"; not "On 3
/// May 2019 the council voted.").
pub(super) fn is_date_line(paragraph: &str) -> bool {
    let line = paragraph.trim();
    let lower = line.to_lowercase();
    let length = line.chars().count();
    let stated = length <= MAX_DATE_LINE_IN_BODY
        && PUBLISHED_PHRASES
            .iter()
            .chain(UPDATED_PHRASES)
            .any(|phrase| lower.starts_with(phrase));
    let bare =
        length <= MAX_BARE_DATE_LINE_IN_BODY && !line.ends_with(['.', '!', '?', '"', '”', '»']);
    (stated || bare) && find_date_in_dateline(line).is_some()
}

/// Words of a view counter, a reading time or a pager, in the languages of `dating`'s months:
/// "Visto 314 veces", "1,234 views", "5 min read", "Lesezeit: 3 Minuten", "Pages: 1 2 3 4".
const COUNTER_WORDS: &[&str] = &[
    "views",
    "view",
    "viewed",
    "visto",
    "vista",
    "vistas",
    "veces",
    "gelesen",
    "aufrufe",
    "mal",
    "vu",
    "vue",
    "vues",
    "fois",
    "lu",
    "visualizzazioni",
    "visualizações",
    "weergaven",
    "min",
    "mins",
    "minute",
    "minutes",
    "minuten",
    "minutos",
    "minuti",
    "read",
    "reading",
    "time",
    "lesezeit",
    "lesedauer",
    "temps",
    "de",
    "lecture",
    "tiempo",
    "lectura",
    "leitura",
    "lettura",
    "leestijd",
    "page",
    "pages",
    "seite",
    "seiten",
    "página",
    "pagina",
    "of",
    "von",
    "sur",
];

/// A counter line is at most this long (in characters).
const MAX_COUNTER_CHARS: usize = 40;

/// True for a short line of a number and counter words only (`COUNTER_WORDS`), lowercased.
fn is_counter_line(line: &str) -> bool {
    let mut words = line
        .split(|ch: char| !ch.is_alphabetic())
        .filter(|word| !word.is_empty())
        .peekable();
    line.chars().count() <= MAX_COUNTER_CHARS
        && line.chars().any(|ch| ch.is_ascii_digit())
        && words.peek().is_some()
        && words.all(|word| COUNTER_WORDS.contains(&word))
}

/// Phrases of short notices about the reader's browser, which no article holds.
const BROWSER_NOTICES: &[&str] = &[
    "javascript must be enabled",
    "enable javascript",
    "javascript is disabled",
    "javascript is required",
    "javascript is not enabled",
    "your browser does not support",
    "flash player must be installed",
    "requires the adobe flash player",
];

/// "All rights reserved" in the languages of `dating`'s months: a copyright notice, which no
/// article holds.
const RIGHTS_RESERVED: &[&str] = &[
    "all rights reserved",
    "alle rechte vorbehalten",
    "tous droits réservés",
    "todos los derechos reservados",
    "tutti i diritti riservati",
    "todos os direitos reservados",
    "alle rechten voorbehouden",
];

/// A browser or copyright notice is at most this long (in characters).
const MAX_NOTICE_CHARS: usize = 200;

/// True for a widget's crumb: a line of at most three characters, or of single characters
/// separated by spaces ("S M T W T F S"). A run of them is a calendar, a pager or a rating.
pub(super) fn is_crumb(paragraph: &str) -> bool {
    let line = paragraph.trim();
    line.chars().count() <= 3
        || line
            .split_whitespace()
            .all(|word| word.chars().count() == 1)
}

/// Removes page furniture from `doc`, sparing the elements that hold the article.
pub(super) fn remove_furniture(doc: &Document, page: &Page) {
    let protected = protected_nodes(doc, page);
    let mut doomed: Vec<NodeRef> = Vec::new();
    walk(doc.root(), |node, _| {
        if !node.is_element() || protected.contains(&node.id) {
            return true;
        }
        if is_furniture(node) {
            doomed.push(*node);
            return false;
        }
        true
    });
    for node in doomed {
        node.remove_from_parent();
    }
}

/// Nodes that must survive cleaning: the headline, `<main>`, `itemprop=articleBody` and the
/// element holding the most paragraph text, with all their ancestors.
fn protected_nodes(doc: &Document, page: &Page) -> HashSet<NodeId> {
    let mut anchors: Vec<NodeRef> = Vec::new();
    // The page's h1 node comes from the same tree shape; find it in the copy by id.
    if let Some(h1) = page.h1 {
        anchors.push(NodeRef::new(h1.id, &doc.tree));
    }
    anchors.extend(doc.select("main").nodes().iter().copied());
    anchors.extend(
        doc.select("[itemprop]")
            .nodes()
            .iter()
            .filter(|n| {
                n.attr("itemprop")
                    .is_some_and(|p| has_token(&p, "articleBody"))
            })
            .copied(),
    );
    anchors.extend(densest_block(doc));
    let mut protected = HashSet::new();
    for anchor in anchors {
        let mut node = Some(anchor);
        while let Some(current) = node {
            if !protected.insert(current.id) {
                break;
            }
            node = current.parent();
        }
    }
    protected
}

/// True for elements a reader does not see: the `hidden` attribute, `aria-hidden`, an inline
/// style that hides them, or a class that does (`sr-only`, `unsichtbar`).
pub(super) fn is_hidden(node: &NodeRef) -> bool {
    if node.has_attr("hidden")
        || node
            .attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if let Some(style) = node.attr("style") {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    node.attr("class").is_some_and(|class| {
        class
            .split_whitespace()
            .any(|c| HIDDEN_CLASSES.contains(&c.to_ascii_lowercase().as_str()))
    })
}

/// True for elements that are page furniture by tag, role, visibility, class or id.
fn is_furniture(node: &NodeRef) -> bool {
    let Some(name) = node.node_name() else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    if matches!(name.as_str(), "html" | "head" | "body" | "main") {
        return false;
    }
    if FURNITURE_TAGS.contains(&name.as_str()) {
        return true;
    }
    if name == "header" && !has_ancestor(node, |a| a.has_name("article")) {
        return true;
    }
    if name == "time"
        && !has_ancestor(node, |a| {
            ["p", "li", "td", "dd", "blockquote"]
                .iter()
                .any(|tag| a.has_name(tag))
        })
    {
        return true;
    }
    if is_hidden(node) {
        return true;
    }
    if node
        .attr("role")
        .is_some_and(|role| FURNITURE_ROLES.contains(&role.trim().to_ascii_lowercase().as_str()))
    {
        return true;
    }
    // A heading's id is an anchor made from its text for a table of contents
    // (`<h3 id="nav_schredder_statt__0">`), not a mark of what the element is.
    let words = if matches!(name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
        class_only_words(node)
    } else {
        class_words(node)
    };
    if words
        .iter()
        .any(|word| FURNITURE_WORDS.contains(&word.as_str()))
    {
        return true;
    }
    let joined = words.concat();
    FURNITURE_PHRASES
        .iter()
        .any(|phrase| joined.contains(phrase))
}
