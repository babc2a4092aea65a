//! End-to-end tests of `parse` on fixture pages and small hand-written ones.

use super::*;

const WORDPRESS: &str = include_str!("../../../tests/fixtures/html/wordpress_yoast.html");
const JSONLD_NEWS: &str = include_str!("../../../tests/fixtures/html/jsonld_newsarticle.html");
const TITLE_AND_H1: &str = include_str!("../../../tests/fixtures/html/title_and_h1_only.html");
const HEAVY: &str = include_str!("../../../tests/fixtures/html/heavy_boilerplate.html");
const BROKEN: &str = include_str!("../../../tests/fixtures/html/broken_no_article.html");
const MICRODATA: &str = include_str!("../../../tests/fixtures/html/microdata_bylines.html");

pub(super) fn some(text: &str) -> Option<String> {
    Some(text.to_string())
}

/// Checks the body's shape: paragraphs separated by exactly one blank line, trimmed,
/// with single spaces.
fn assert_well_formed(body: &str) {
    for paragraph in body.split("\n\n") {
        assert!(!paragraph.is_empty(), "empty paragraph in {body:?}");
        assert!(!paragraph.contains('\n'), "line break in {paragraph:?}");
        assert_eq!(paragraph, paragraph.trim(), "untrimmed {paragraph:?}");
        assert!(!paragraph.contains("  "), "double space in {paragraph:?}");
    }
}

fn assert_absent(body: &str, furniture: &[&str]) {
    for text in furniture {
        assert!(!body.contains(text), "{text:?} leaked into body:\n{body}");
    }
}

#[test]
fn wordpress_page_with_yoast_graph() {
    let draft = parse(WORDPRESS);
    assert_eq!(
        draft.title,
        some("Council approves 12 miles of protected bike lanes")
    );
    assert_eq!(draft.date, some("2024-03-12T21:14:05+00:00"));
    assert_eq!(draft.source, some("Riverside Gazette"));
    assert_eq!(
        draft.url,
        some("https://riversidegazette.com/2024/03/12/council-approves-bike-lanes/")
    );
    // Resolved through the @graph Person that the article's author @id points at.
    assert_eq!(draft.author, some("Maria Ochoa"));
    assert_eq!(draft.id, None);
    assert_eq!(draft.kicker, None);
    let expected = [
        "The Riverside City Council voted 7-2 on Tuesday night to spend $4.8 million on a network of protected bike lanes, ending a debate that has divided the valley’s largest city for more than two years.",
        "The plan adds 12 miles of lanes separated from traffic by concrete curbs and planters, starting with Mill Street and the Harbor Road corridor, where three cyclists were killed in collisions last year.",
        "Business owners split",
        "Several downtown merchants spoke against the project during the four-hour public comment period, warning that removing 140 parking spaces along Mill Street would drive customers to the malls on the edge of town.",
        "“People don’t ride a bicycle to buy a sofa,” said Tom Brennan, who has run a furniture store on Mill Street since 1994.",
        "Others backed the plan. Alicia Park, who owns a café two blocks from city hall, said her sales rose after a temporary lane was painted outside her door last summer.",
        "Construction on the first segment is scheduled to begin in June and should be finished before the start of the school year, according to the city’s public works director, Sam Reyes.",
    ]
    .join("\n\n");
    assert_eq!(draft.body, expected);
    assert_well_formed(&draft.body);
}

#[test]
fn wordpress_page_leaves_out_its_furniture() {
    let body = parse(WORDPRESS).body;
    assert_absent(
        &body,
        &[
            "Skip to content",
            "Local News",
            "Posted on",
            "Maria Ochoa",
            "Photo: Dana Whitfield",
            "Share this",
            "Facebook",
            "Third cyclist killed",
            "Tagged",
            "Finally. I have been waiting",
            "Leave a Reply",
            "Recent Posts",
            "Support local journalism",
            "All rights reserved",
        ],
    );
}

#[test]
fn news_page_with_only_json_ld_and_time_elements() {
    let draft = parse(JSONLD_NEWS);
    assert_eq!(
        draft.title,
        some("Drought pushes reservoir to lowest level since 1977")
    );
    // JSON-LD only has dateModified, and the first <time> is the update: the date is the
    // published <time>.
    assert_eq!(draft.date, some("2023-08-21T13:05:00Z"));
    assert_eq!(draft.source, some("The Daily Ledger"));
    assert_eq!(
        draft.url,
        some("https://www.dailyledger.example/climate/2023/08/21/lake-corran-drought-record-low")
    );
    assert_eq!(draft.author, some("Priya Raman, Owen Castellano"));
    let expected = [
        "Water managers warned of mandatory cuts as Lake Corran fell below 30 percent of capacity.",
        "Lake Corran, the reservoir that supplies drinking water to nearly two million people in the Ashby basin, fell to 29 percent of its capacity this weekend, its lowest level since the drought of 1977.",
        "The regional water authority said on Monday that it would vote next month on the first mandatory cuts in its history if the lake dropped below 25 percent, a threshold forecasters expect it to reach by October.",
        "“We are not in a crisis yet, but we are closer than we have ever been,” said Helen Marsh, the authority’s general manager. “Every household can help by cutting outdoor watering in half.”",
        "The proposed restrictions would:",
        "limit lawn watering to two days a week;",
        "ban the filling of private swimming pools;",
        "raise rates for the heaviest users by up to 40 percent.",
        "Farmers, who use about two-thirds of the basin’s water, have already lost a quarter of their allocations this year. Several growers said they had left fields unplanted rather than pay for water trucked in from the north.",
        "“You cannot grow almonds on promises,” said Javier Ortega, whose family has farmed near Hatton for four generations.",
        "Forecasters give even odds that a wet winter will refill the lake. If it does not, the authority has said it will consider buying water from neighbouring districts at prices that could double household bills.",
    ]
    .join("\n\n");
    assert_eq!(draft.body, expected);
    assert_well_formed(&draft.body);
    assert_absent(
        &draft.body,
        &[
            "Advertisement",
            "Climate\n",
            "Priya Raman",
            "Updated",
            "Luis Ferreira",
            "Heat wave breaks records",
            "Share on",
            "Get the Climate Ledger newsletter",
            "Most read",
            "State budget deal",
            "All rights reserved",
            "PRELOADED",
        ],
    );
}

#[test]
fn page_with_only_a_title_an_h1_and_a_canonical_link() {
    let draft = parse(TITLE_AND_H1);
    // The headline h1 wins over the logo h1, which the <title> also contains.
    assert_eq!(
        draft.title,
        some("Ferry service to resume after storm repairs")
    );
    assert_eq!(draft.date, None);
    assert_eq!(draft.source, some("valleypost.co.uk"));
    assert_eq!(
        draft.url,
        some(
            "https://www.valleypost.co.uk/news/local/ferry-service-to-resume-after-storm-repairs-1-4410297"
        )
    );
    assert_eq!(draft.author, None);
    let expected = [
        "The ferry link between Port Ellan and the island of Carra will reopen on Monday, six weeks after a winter storm tore away part of the pier.",
        "Repair crews have replaced two of the pier's concrete pilings and rebuilt the ramp used by cars and lorries, the harbour trust said.",
        "The closure left the island's 900 residents relying on a small passenger launch, which could not carry vehicles or fuel. Supplies were flown in twice a week.",
        "Island councillor Morag Finlay said: \"People have been incredibly patient. Getting the ferry back means the shop can be restocked properly and the school minibus can run again.\"",
        "The first sailing leaves Port Ellan at 7.30am.",
        "Timetables are available at the harbour office.",
    ]
    .join("\n\n");
    assert_eq!(draft.body, expected);
    assert_absent(
        &draft.body,
        &[
            "Valley Post",
            "Home",
            "Published on",
            "Print this page",
            "Latest headlines",
            "_gaq",
        ],
    );
}

#[test]
fn short_article_surrounded_by_heavy_boilerplate() {
    let draft = parse(HEAVY);
    // og:title carries the site name as a suffix, <title> as a prefix.
    assert_eq!(
        draft.title,
        some("Rail strike called off after overnight talks")
    );
    assert_eq!(draft.date, some("2022-11-04T06:45:00+01:00"));
    assert_eq!(draft.source, some("Nordic Wire"));
    // The canonical link is relative, so og:url is used.
    assert_eq!(
        draft.url,
        some("https://nordicwire.example/business/rail-strike-called-off")
    );
    assert_eq!(draft.author, some("Lars Holm"));
    let expected = [
        "A national rail strike planned for Monday has been called off after unions and the state operator reached an agreement at about 4am on Friday, following 19 hours of talks.",
        "The deal raises wages by 4.5 percent this year and guarantees that no ticket offices will close before 2025. Union members still have to approve it in a vote later this month.",
        "Trains will run normally over the weekend and on Monday, the operator said.",
    ]
    .join("\n\n");
    assert_eq!(draft.body, expected);
    assert_absent(
        &draft.body,
        &[
            "cookies",
            "Accept all",
            "Breaking",
            "Parliament passes budget",
            "reader-funded newsroom",
            "Log in",
            "Lars Holm",
            "4 November 2022",
            "Facebook",
            "Advertisement",
            "Topics",
            "Related articles",
            "Rail workers vote",
            "Comments",
            "Good news for once",
            "below inflation",
            "night trains",
            "Morning Briefing",
            "Most read",
            "Stockholm",
            "© 2022",
            "dataLayer",
        ],
    );
}

#[test]
fn broken_page_without_an_article_does_not_panic() {
    let draft = parse(BROKEN);
    // An empty og:title is skipped; no site name is known, and "Sign in" is too short to
    // be a headline followed by a site name.
    assert_eq!(draft.title, some("Sign in – Example Times"));
    assert_eq!(draft.date, None);
    assert_eq!(draft.source, None);
    assert_eq!(draft.url, None);
    assert_eq!(draft.author, None);
    assert_eq!(
        draft.body,
        "Sign in to continue reading\n\n\
         Don't have an account? Subscribe from $1 a week\n\n\
         Need help? Contact customer service"
    );
    // The copyright line is furniture.
    assert_absent(
        &draft.body,
        &[
            "Password",
            "Email",
            "Unfinished",
            "@type",
            "© Example Times",
        ],
    );
}

#[test]
fn microdata_rel_author_links_and_lenient_json_ld() {
    let draft = parse(MICRODATA);
    assert_eq!(
        draft.title,
        some("Harbour wall to be rebuilt after 150 years")
    );
    // itemprop=datePublished comes before parsely-pub-date and <time pubdate>.
    assert_eq!(draft.date, some("2021-06-30"));
    // From a JSON-LD block with a raw line break inside a string.
    assert_eq!(draft.source, some("The Harbour Times"));
    assert_eq!(
        draft.url,
        some("https://harbourtimes.example/local/harbour-wall-rebuilt")
    );
    // article:author is a URL; the rel=author links give the names.
    assert_eq!(draft.author, some("Jane Roe, Ahmed Said"));
    let expected = [
        "The Victorian sea wall that protects the town's harbour is to be rebuilt at a cost of £6.2m after engineers found it was moving by almost a centimetre a year.",
        "The wall, finished in 1871, shelters about 60 fishing boats and the lifeboat station. A survey last winter found cracks along a third of its length.",
        "Work will start in September and is expected to take two years. The harbour will stay open, although some moorings will move while the eastern arm is closed.",
        "The harbour master, Ruth Cole, said the repairs were overdue. \"If we do nothing, a big storm could take part of it away,\" she said.",
    ]
    .join("\n\n");
    assert_eq!(draft.body, expected);
    assert_absent(
        &draft.body,
        &[
            "Jane Roe", "30 June", "low tide", "Photo:", "Print", "About us",
        ],
    );
}

/// A page with these head and body contents.
pub(super) fn page(head: &str, body: &str) -> String {
    format!("<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>")
}

/// Enough text for readability to treat the block as an article.
const PARAGRAPHS: &str = "<p>The first paragraph of the story is long enough to be counted \
    as real article text by any reasonable extractor, with commas, and clauses.</p>\
    <p>The second paragraph adds more detail about what happened, who said what, and when \
    the next step is expected to take place in the coming weeks.</p>";

#[test]
fn title_prefers_og_title_then_headline_then_h1_then_title_tag() {
    let head = "<title>Tag title words here | Example</title>\
        <meta property='og:title' content='Open Graph title'>\
        <script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"headline\":\"LD headline\"}</script>";
    let body = format!("<article><h1>Heading one</h1>{PARAGRAPHS}</article>");
    assert_eq!(parse(&page(head, &body)).title, some("Open Graph title"));
    let head = "<title>Tag title words here | Example</title>\
        <script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"headline\":\"LD headline\"}</script>";
    assert_eq!(parse(&page(head, &body)).title, some("LD headline"));
    let head = "<title>Tag title words here | Example</title>";
    assert_eq!(parse(&page(head, &body)).title, some("Heading one"));
    assert_eq!(
        parse(&page(head, PARAGRAPHS)).title,
        some("Tag title words here")
    );
    assert_eq!(parse(&page("", PARAGRAPHS)).title, None);
    assert_eq!(parse(&page("<title>  </title>", "<h1> </h1>")).title, None);
}

#[test]
fn h1_inside_the_article_beats_an_earlier_one() {
    let body = format!(
        "<div class='brand'><h1>Site Logo Text</h1></div>\
         <article><h1>The real headline</h1>{PARAGRAPHS}</article>"
    );
    assert_eq!(parse(&page("", &body)).title, some("The real headline"));
}

#[test]
fn post_metadata_paragraphs_are_furniture() {
    let body = format!(
        "<article><h1>Headline here</h1>{PARAGRAPHS}<p class='postmetadata alt'><small>This \
         entry was posted on Saturday, December 3rd, 2011 and is filed under Cybercrime. You \
         can follow any responses to this entry through the RSS 2.0 feed.</small></p></article>"
    );
    let draft = parse(&page("", &body));
    assert!(
        draft.body.starts_with("The first paragraph"),
        "{}",
        draft.body
    );
    assert_absent(&draft.body, &["This entry was posted", "RSS 2.0"]);
}

#[test]
fn an_h2_is_the_headline_when_the_h1_is_a_logo_or_a_section_name() {
    // The `<title>` repeats the h2, not the section's h1.
    let head = "<title>Club culture in danger&#8230; | The Party Lübeck</title>";
    let body = format!(
        "<h1>News</h1><div class='post'><h2 class='newsheading'>Club culture in \
         danger…</h2>{PARAGRAPHS}</div>"
    );
    assert_eq!(
        parse(&page(head, &body)).title,
        some("Club culture in danger…")
    );
    // The h1 is a logo image and the `<title>` only names the site.
    let head = "<title>carta.info</title>";
    let body = format!(
        "<h1><a href='/'><img src='logo.svg' alt='carta.info'></a></h1>\
         <main><h2>Coalitions of necessity</h2>{PARAGRAPHS}</main>"
    );
    assert_eq!(
        parse(&page(head, &body)).title,
        some("Coalitions of necessity")
    );
    // A real h1 still beats an h2 that the `<title>` does not repeat.
    let body = format!("<h1>The real headline</h1><main><h2>Subhead</h2>{PARAGRAPHS}</main>");
    assert_eq!(parse(&page("", &body)).title, some("The real headline"));
}

#[test]
fn site_name_comes_from_the_domain_or_a_title_that_repeats_the_headline() {
    let head = "<title>Bridge reopens to traffic | Harbourside Chronicle</title>\
        <meta property='og:title' content='Bridge reopens to traffic | Harbourside Chronicle'>\
        <link rel='canonical' href='https://www.harbourside-chronicle.example/a/1'>";
    let draft = parse(&page(head, PARAGRAPHS));
    assert_eq!(draft.title, some("Bridge reopens to traffic"));
    assert_eq!(draft.source, some("harbourside-chronicle.example"));

    let head = "<title>Bridge reopens to traffic · HC Online</title>\
        <meta property='og:title' content='Bridge reopens to traffic · HC Online'>";
    let body = format!("<h1>Bridge reopens to traffic</h1>{PARAGRAPHS}");
    assert_eq!(
        parse(&page(head, &body)).title,
        some("Bridge reopens to traffic")
    );
}

#[test]
fn a_headline_run_into_the_site_name_is_read_from_the_title_tag() {
    // `<span>` and `<a>` side by side in the `<h1>`, with no space between them.
    let head = "<title>Council approves the harbour plan » Local » Island Daily</title>";
    let body = format!(
        "<h1><span>Council approves the harbour plan</span><a href='/'>Island Daily</a></h1>\
         {PARAGRAPHS}"
    );
    assert_eq!(
        parse(&page(head, &body)).title,
        some("Council approves the harbour plan")
    );
    // An `<h1>` longer than the `<title>` by a whole clause keeps it.
    let head = "<title>Council approves the harbour plan | Island Daily</title>";
    let body = format!(
        "<h1>Council approves the harbour plan after a night of debate over costs</h1>{PARAGRAPHS}"
    );
    assert_eq!(
        parse(&page(head, &body)).title,
        some("Council approves the harbour plan after a night of debate over costs")
    );
}

#[test]
fn slugs_logos_and_descriptions_are_not_headlines() {
    // An `og:title` that is a slug.
    let head = "<title>ADAC Kindersitz-Test 2018 | ADAC</title>\
        <meta property='og:title' content='adac-kindersitztest-herbst-2018'>";
    let body = format!("<h1>18 Kindersitze im Test: Vier Modelle fallen durch</h1>{PARAGRAPHS}");
    assert_eq!(
        parse(&page(head, &body)).title,
        some("18 Kindersitze im Test: Vier Modelle fallen durch")
    );
    // An `<h1>` that is the logo, linking to the home page; the site name comes first in the
    // `<title>`.
    let head = "<title>Internet-Law &raquo; Verstößt der Ausschluss von Pseudonymen gegen \
        deutsches Recht?</title>";
    let body = format!(
        "<h1><a href='http://www.internet-law.de/'>Internet-Law</a></h1><div>{PARAGRAPHS}</div>"
    );
    assert_eq!(
        parse(&page(head, &body)).title,
        some("Verstößt der Ausschluss von Pseudonymen gegen deutsches Recht?")
    );
    // A headline with a long site name after it keeps its `<h1>`.
    let head = "<title>Homo Brandenburgensis | Brandenburgische Landeszentrale für politische \
        Bildung</title>";
    let body = format!("<h1>Homo Brandenburgensis</h1><div>{PARAGRAPHS}</div>");
    assert_eq!(
        parse(&page(head, &body)).title,
        some("Homo Brandenburgensis")
    );
    // JSON-LD that agrees with neither the `<h1>` nor the `<title>`, which agree.
    let head = "<title>t-distributed stochastic neighbor embedding - Wikipedia</title>\
        <script type='application/ld+json'>{\"@type\":\"Article\",\"headline\":\"technique \
        for dimensionality reduction\"}</script>";
    let body = format!("<h1>t-distributed stochastic neighbor embedding</h1>{PARAGRAPHS}");
    assert_eq!(
        parse(&page(head, &body)).title,
        some("t-distributed stochastic neighbor embedding")
    );
    // `og:title` that extends the `<h1>` ("Analysis: …") still wins.
    let head = "<title>The sparring match at the court | CNN Politics</title>\
        <meta property='og:title' content='Analysis: The sparring match at the court'>";
    let body = format!("<h1>The sparring match at the court</h1>{PARAGRAPHS}");
    assert_eq!(
        parse(&page(head, &body)).title,
        some("Analysis: The sparring match at the court")
    );
}

#[test]
fn hidden_headings_are_not_headlines() {
    let head = "<title>Bayerisches Landesportal</title>";
    let body = format!(
        "<h1 class='unsichtbar'>Metanavigation - Service-Menue</h1><nav>Menu</nav>\
         <h1 class='sr-only'>Haupt-Menue</h1><div><h1>Universitätsstadt Straubing</h1>\
         {PARAGRAPHS}</div>"
    );
    assert_eq!(
        parse(&page(head, &body)).title,
        some("Universitätsstadt Straubing")
    );
    let body =
        format!("<h1 hidden>Skip links</h1><div><h1>The real headline</h1>{PARAGRAPHS}</div>");
    assert_eq!(parse(&page("", &body)).title, some("The real headline"));
}

#[test]
fn bullets_and_guillemets_separate_the_site_name() {
    for title in [
        "Beauty tips every bride should know • crazy-julia.de",
        "Beauty tips every bride should know › Crazy Julia",
        "Beauty tips every bride should know ‹ Crazy Julia",
    ] {
        let head = format!(
            "<title>{title}</title><link rel='canonical' href='https://crazy-julia.de/tipps'>"
        );
        assert_eq!(
            parse(&page(&head, PARAGRAPHS)).title,
            some("Beauty tips every bride should know"),
            "{title}"
        );
    }
}

#[test]
fn a_double_hyphen_separates_the_site_name() {
    let head = "<meta property='og:title' content='New court files expose the security team -- Sott.net'>\
        <meta property='og:site_name' content='Sott.net'>";
    assert_eq!(
        parse(&page(head, PARAGRAPHS)).title,
        some("New court files expose the security team")
    );
}

#[test]
fn subheadings_with_anchor_ids_are_article_text() {
    let body = format!(
        "<article><h1>Headline here</h1>{PARAGRAPHS}<h3 class='subheading' \
         id='nav_schredder_statt__0'>Schredder statt Ofen</h3>{PARAGRAPHS}\
         <h3 class='nav'>Mehr zum Thema</h3></article>"
    );
    let draft = parse(&page("", &body));
    assert!(
        draft.body.contains("\n\nSchredder statt Ofen\n\n"),
        "{}",
        draft.body
    );
    // A heading whose class marks it as navigation is still furniture.
    assert_absent(&draft.body, &["Mehr zum Thema"]);
}

#[test]
fn paragraphs_behind_a_paywall_are_article_text() {
    let body = "<article><h1>Headline here</h1><p>The first paragraph of the story is long \
        enough to be counted as real article text, with commas, and clauses.</p>\
        <p class='paywall'>The second paragraph sits behind the paywall, and the page marks it \
        so, though the whole text is on the page.</p>\
        <div class='paywall-prompt'><p>Subscribe now to keep reading this story and many \
        others like it.</p></div></article>";
    let draft = parse(&page("", body));
    assert!(
        draft
            .body
            .contains("The second paragraph sits behind the paywall"),
        "{}",
        draft.body
    );
    assert_absent(&draft.body, &["Subscribe now"]);
}

#[test]
fn the_json_ld_article_body_stands_in_when_the_page_hides_most_of_the_text() {
    let ld_body = "The first paragraph of the story is long enough to be counted as real \
        article text, with commas, and clauses.\\nThe second paragraph was loaded by a script \
        &amp; is only in the metadata.\\nThe third paragraph ends the story with a quote from \
        the mayor, who said the work would start in June.";
    let head = format!(
        "<script type='application/ld+json'>{{\"@type\":\"NewsArticle\",\
         \"articleBody\":\"{ld_body}\"}}</script>"
    );
    let body = "<article><h1>Headline here</h1><p>The first paragraph of the story is long \
        enough to be counted as real article text, with commas, and clauses.</p></article>";
    assert_eq!(
        parse(&page(&head, body)).body,
        "The first paragraph of the story is long enough to be counted as real article text, \
         with commas, and clauses.\n\nThe second paragraph was loaded by a script & is only in \
         the metadata.\n\nThe third paragraph ends the story with a quote from the mayor, who \
         said the work would start in June."
    );
    // The page's own text wins when it holds at least half of the metadata's.
    let body = format!("<article><h1>Headline here</h1>{PARAGRAPHS}</article>");
    assert!(parse(&page(&head, &body)).body.starts_with(
        "The first paragraph of the story is long enough to be counted \
        as real article text by any reasonable extractor"
    ));
}

#[test]
fn date_sources_in_order_of_trust() {
    let graph = "<script type='application/ld+json'>{\"@context\":\"https://schema.org\",\
        \"@graph\":[{\"@type\":\"WebSite\",\"name\":\"X\"},{\"@type\":[\"NewsArticle\"],\
        \"datePublished\":\"2020-02-02\",\"dateModified\":\"2020-02-05\"}]}</script>";
    let og = "<meta property='article:published_time' content='2020-01-01T10:00:00Z'>";
    let itemprop = "<meta itemprop='datePublished' content='2020-03-03'>";
    let named = "<meta name='DC.date.issued' content='2020-04-04'>";
    let time = "<article><time datetime='2020-05-05'>May 5</time></article>";
    let modified = "<meta property='article:modified_time' content='2020-06-06'>";
    let date = |head: String, body: &str| parse(&page(&head, body)).date;

    assert_eq!(
        date(format!("{modified}{named}{itemprop}{graph}{og}"), time),
        some("2020-01-01T10:00:00Z")
    );
    assert_eq!(
        date(format!("{modified}{named}{itemprop}{graph}"), time),
        some("2020-02-02")
    );
    assert_eq!(
        date(format!("{modified}{named}{itemprop}"), time),
        some("2020-03-03")
    );
    assert_eq!(date(format!("{modified}{named}"), time), some("2020-04-04"));
    assert_eq!(date(modified.to_string(), time), some("2020-05-05"));
    assert_eq!(date(modified.to_string(), ""), some("2020-06-06"));
    assert_eq!(date(String::new(), "<p>No date at all.</p>"), None);
}

#[test]
fn time_elements_prefer_the_publication_date() {
    let body = "<aside><time datetime='2019-09-09'>Sidebar</time></aside>\
        <div><time datetime='2019-01-01'>Loose</time></div>\
        <article><header><time class='updated' datetime='2019-03-03'>Updated</time>\
        <time datetime='2019-02-02'>Posted</time></header></article>";
    assert_eq!(parse(&page("", body)).date, some("2019-02-02"));
    let body = format!("{body}<div><time pubdate datetime='2019-04-04'>On</time></div>");
    assert_eq!(parse(&page("", &body)).date, some("2019-04-04"));
    let body = "<nav><time datetime='2019-09-09'>Nav</time></nav>";
    assert_eq!(parse(&page("", body)).date, None);
    // A page footer does not date the article; the article's own footer does.
    let body = "<footer><time datetime='2019-09-09'>Site</time></footer><article><p>Text.</p>\
        <footer class='entry-footer'><time datetime='2019-07-07'>Posted</time></footer></article>";
    assert_eq!(parse(&page("", body)).date, some("2019-07-07"));
    let body = "<div id='comments'><time datetime='2019-08-08'>Reply</time></div>";
    assert_eq!(parse(&page("", body)).date, None);
}

#[test]
fn dates_from_the_url_and_from_unreadable_candidates() {
    let canonical = "<link rel='canonical' href='https://example.com/2019/06/20/bridge-reopens/'>";
    let date = |head: &str, body: &str| parse(&page(head, body)).date;
    // The URL's date ranks after a <time>, before a modification date.
    assert_eq!(date(canonical, PARAGRAPHS), some("2019-06-20"));
    let time = "<article><time datetime='2019-06-19'>Yesterday</time></article>";
    assert_eq!(date(canonical, time), some("2019-06-19"));
    let modified = "<meta property='article:modified_time' content='2020-06-06'>";
    assert_eq!(
        date(&format!("{canonical}{modified}"), PARAGRAPHS),
        some("2019-06-20")
    );
    // A candidate that does not read as a date gives way to the next one that does.
    let vague = "<meta name='pubdate' content='last Tuesday'>";
    assert_eq!(
        date(&format!("{vague}{modified}"), PARAGRAPHS),
        some("2020-06-06")
    );
    assert_eq!(date(vague, PARAGRAPHS), some("last Tuesday"));
    // More meta names that hold publication dates.
    let original =
        "<meta name='article_date_original' content='Saturday, December 27, 2014, 12:06 PM'>";
    assert_eq!(
        date(original, PARAGRAPHS),
        some("Saturday, December 27, 2014, 12:06 PM")
    );
}

#[test]
fn date_lines_stated_in_words_microformats_or_beside_scripts() {
    // A line that says it is the publication date, in an element with no telling class.
    let body = format!(
        "<div id='article_topbar_infos'><div>Publi&eacute; le 29/10/2012<br/><em>Mis \
         &agrave; jour le 30/10/2012 &agrave; 14h03</em></div></div>{PARAGRAPHS}"
    );
    assert_eq!(
        parse(&page("", &body)).dateline,
        some("Publié le 29/10/2012")
    );
    // A microformat `<abbr>` whose title holds the date.
    let body = format!(
        "<cite>AP &ndash; <abbr title='2011-08-25T01:40:40Z'>1 hr 4 mins ago</abbr></cite>\
         {PARAGRAPHS}"
    );
    assert_eq!(
        parse(&page("", &body)).dateline,
        some("2011-08-25T01:40:40Z")
    );
    // A date element that also holds a share button's script.
    let body = format!(
        "<div class='date'>January 29th, 2013 in <a href='/pop'>Pop</a><script>var plusone = \
         {{annotation: 'inline', width: 300, callback: function () {{ return \
         'a long enough script to push the element past a date line of its own'; }} }};\
         </script></div>{PARAGRAPHS}"
    );
    assert_eq!(
        parse(&page("", &body)).dateline,
        some("January 29th, 2013 in Pop")
    );
    // Inline elements side by side, with no space between them.
    let body = format!(
        "<p class='copyright'><span class='date'>Mai<span>06</span>2018</span></p>{PARAGRAPHS}"
    );
    assert_eq!(parse(&page("", &body)).dateline, some("Mai 06 2018"));
    // Blog templates and Drupal's "submitted" line.
    let body = format!(
        "{PARAGRAPHS}<div class='post-footer'>Dieser Artikel wurde am 14. Dezember 2015 um \
         14:48 von <a href='/ann'>Ann</a> veröffentlicht.</div>"
    );
    assert_eq!(
        parse(&page("", &body)).dateline,
        some("Dieser Artikel wurde am 14. Dezember 2015 um 14:48 von")
    );
    let body = format!(
        "{PARAGRAPHS}<div class='submitted'>Gespeichert von <span>rasos</span> am 24. Juli 2017 \
         - 18:55</div>"
    );
    assert_eq!(
        parse(&page("", &body)).dateline,
        some("Gespeichert von rasos am 24. Juli 2017 - 18:55")
    );
    // A commentary's header: the date container's classes name it a comment too.
    let body = format!(
        "<article class='ArticleHeaderComment'><h1>Headline here</h1><div class='PublishDate \
         ArticleHeaderComment_publishDate'><span class='PublishDate_date'>29. Januar \
         2019</span></div>{PARAGRAPHS}</article>"
    );
    assert_eq!(parse(&page("", &body)).dateline, some("29. Januar 2019"));
    // The date of a post embedded from a social network is not the article's.
    let body = format!(
        "<article><h1>Headline here</h1>{PARAGRAPHS}<blockquote class='instagram-media'><p>A \
         post</p><time datetime='2018-03-12T19:30:12+00:00'>Mar 12, 2018</time></blockquote>\
         </article>"
    );
    let draft = parse(&page("", &body));
    assert_eq!((draft.date, draft.dateline), (None, None));
    // An element whose whole text is a date, when nothing else dates the page; not a
    // link, a copyright line or an update.
    let body = format!(
        "<div><a href='/archive/2019-01-02'>02.01.2019</a><p>© 12.01.2019</p>\
         <span>Updated 14.01.2019</span></div>{PARAGRAPHS}<div class='col'>13. Juli 2021 | \
         05:00</div>"
    );
    assert_eq!(
        parse(&page("", &body)).dateline,
        some("13. Juli 2021 | 05:00")
    );
    // "Posted in" a category, with no date, is not a date line.
    let body = format!("<p>Posted in Politics</p>{PARAGRAPHS}");
    assert_eq!(parse(&page("", &body)).dateline, None);
}

#[test]
fn a_date_line_that_opens_the_text_dates_the_page_and_leaves_the_text() {
    let body = format!(
        "<article><h1>Headline here</h1><p>Datum: 22.12.2012, Rubrik: USA</p>{PARAGRAPHS}\
         </article>"
    );
    let draft = parse(&page("", &body));
    assert_eq!(draft.dateline, some("Datum: 22.12.2012, Rubrik: USA"));
    assert!(
        draft.body.starts_with("The first paragraph"),
        "{}",
        draft.body
    );
    // Metadata's date wins, and the line still leaves the text.
    let head = "<meta property='article:published_time' content='2012-12-21'>";
    let draft = parse(&page(head, &body));
    assert_eq!((draft.date, draft.dateline), (some("2012-12-21"), None));
    assert!(draft.body.starts_with("The first paragraph"));
    // A short sentence with a date is text.
    let body = format!(
        "<article><h1>Headline here</h1><p>On 3 May 2019 the council voted.</p>\
         {PARAGRAPHS}</article>"
    );
    let draft = parse(&page("", &body));
    assert!(draft.body.starts_with("On 3 May 2019 the council voted."));
}

#[test]
fn calendars_browser_notices_and_a_leading_date_line_are_not_text() {
    let calendar: String = ["S M T W T F S", "1", "2", "3", "4", "5", "6", "7"]
        .iter()
        .map(|day| format!("<p>{day}</p>"))
        .collect();
    let body = format!(
        "<article><h1>Headline here</h1><p>Published: Wednesday, 21 Sep 2011 | 4:35 PM ET</p>\
         <p>Text Size</p>{PARAGRAPHS}<p>To view this content, Javascript must be enabled and \
         Adobe Flash Player must be installed.</p>{calendar}\
         <p>The last paragraph lists 3 options:</p><p>A</p><p>B</p><p>C</p></article>"
    );
    let draft = parse(&page("", &body));
    assert!(
        draft.body.starts_with("The first paragraph"),
        "{}",
        draft.body
    );
    assert_absent(
        &draft.body,
        &[
            "Published:",
            "Text Size",
            "Javascript",
            "S M T W",
            "\n\n7\n\n",
        ],
    );
    // Three short lines are not a widget.
    assert!(
        draft.body.ends_with("3 options:\n\nA\n\nB\n\nC"),
        "{}",
        draft.body
    );
    // A sentence that starts like a date line, later in the text, stays.
    let body = format!(
        "<article><h1>Headline here</h1>{PARAGRAPHS}<p>Published on 3 May 2019, the report \
         found that costs had doubled.</p></article>"
    );
    assert!(parse(&page("", &body)).body.ends_with("costs had doubled."));
}

#[test]
fn date_lines_date_pages_without_metadata() {
    let dated = |body: &str| {
        let draft = parse(&page("", body));
        assert_eq!(draft.date, None);
        draft.dateline
    };
    let headline = "<h1>Bridge reopens to traffic</h1>";
    assert_eq!(
        dated(&format!(
            "{headline}<div class='post-meta'><span class='entry-date'>16.12.2012</span> \
             <span class='author'>Ann</span></div>{PARAGRAPHS}"
        )),
        some("16.12.2012")
    );
    // Marked as published beats marked as a date; the byline is the last resort.
    assert_eq!(
        dated(&format!(
            "<div class='byline'>By Ann, 3 June 2019</div><span class='date'>4 June 2019</span>\
             <p class='published'>Posted 5 June 2019</p>{PARAGRAPHS}"
        )),
        some("Posted 5 June 2019")
    );
    assert_eq!(
        dated(&format!(
            "<div class='byline'>By Ann, 3 June 2019</div>{PARAGRAPHS}"
        )),
        some("By Ann, 3 June 2019")
    );
    // Updates, comments, navigation and asides do not date the article.
    assert_eq!(
        dated(&format!(
            "<span class='updated-date'>4 June 2019</span>\
             <div class='comment'><span class='date'>5 June 2019</span></div>\
             <nav><span class='date'>6 June 2019</span></nav>\
             <aside><span class='date'>7 June 2019</span></aside>{PARAGRAPHS}"
        )),
        None
    );
    // A layout wrapper named "sidebar" that holds the article is not an aside.
    assert_eq!(
        dated(&format!(
            "<div class='wrap sidebar'>{headline}<a class='post-meta-time'>08/08/2017</a>\
             {PARAGRAPHS}</div>"
        )),
        some("08/08/2017")
    );
    // A date in an attribute, when the text has none.
    let abbr = "<abbr class='published' title='2011-03-30T21:05:00-07:00'>9:05 PM</abbr>";
    assert_eq!(
        dated(&format!("{abbr}{PARAGRAPHS}")),
        some("2011-03-30T21:05:00-07:00")
    );
}

#[test]
fn json_ld_authors_in_every_shape() {
    let ld = |author: &str| {
        let head = format!(
            "<script type='application/ld+json'>{{\"@type\":\"BlogPosting\",\"author\":{author}}}</script>"
        );
        parse(&page(&head, PARAGRAPHS)).author
    };
    assert_eq!(ld("\"Ann Lee\""), some("Ann Lee"));
    assert_eq!(
        ld("{\"@type\":\"Person\",\"name\":\"By Ann Lee\"}"),
        some("Ann Lee")
    );
    assert_eq!(
        ld("[{\"name\":\"Ann Lee\"},\"Bo Chen\",{\"name\":\"Ann Lee\"}]"),
        some("Ann Lee, Bo Chen")
    );
    assert_eq!(
        ld("{\"givenName\":\"Ann\",\"familyName\":\"Lee\"}"),
        some("Ann Lee")
    );
    assert_eq!(ld("\"https://example.com/staff/ann\""), None);
    assert_eq!(ld("[]"), None);
}

#[test]
fn author_sources_in_order_of_trust() {
    let ld = "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"author\":\"LD Name\"}</script>";
    let meta = "<meta name='author' content='By: Meta Name'>";
    let og = "<meta property='article:author' content='OG Name'>";
    let byline = "<div class='byline'>By  Byline Name </div>";
    let author = |head: String, body: &str| parse(&page(&head, body)).author;
    assert_eq!(author(format!("{og}{ld}{meta}"), byline), some("Meta Name"));
    assert_eq!(author(format!("{og}{ld}"), byline), some("LD Name"));
    assert_eq!(author(og.to_string(), byline), some("OG Name"));
    assert_eq!(author(String::new(), byline), some("Byline Name"));
    let long = format!("<div class='byline'>{}</div>", "word ".repeat(40));
    assert_eq!(author(String::new(), &long), None);
    // People named in JSON-LD beat a meta author that is none of them (the publisher).
    let person = "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"author\":\
        [{\"@type\":\"Person\",\"name\":\"Tom Bennett\"}]}</script>";
    let owner = "<meta name='author' content='Condé Nast'>";
    assert_eq!(author(format!("{owner}{person}"), ""), some("Tom Bennett"));
    let same = "<meta name='author' content='Tom Bennett'>";
    assert_eq!(author(format!("{same}{person}"), ""), some("Tom Bennett"));
}

#[test]
fn urls_must_be_absolute() {
    let url = |head: &str| parse(&page(head, "")).url;
    assert_eq!(
        url(
            "<link rel='canonical' href='https://a.example/x'><meta property='og:url' content='https://b.example/y'>"
        ),
        some("https://a.example/x")
    );
    assert_eq!(
        url(
            "<link rel='canonical' href='/x'><meta property='og:url' content='https://b.example/y'>"
        ),
        some("https://b.example/y")
    );
    assert_eq!(
        url(
            "<script type='application/ld+json'>{\"@type\":\"Article\",\"mainEntityOfPage\":{\"@id\":\"https://c.example/z\"}}</script>"
        ),
        some("https://c.example/z")
    );
    // An organisation's url is its home page, not the article's.
    assert_eq!(
        url(
            "<script type='application/ld+json'>{\"@type\":\"Organization\",\"url\":\"https://c.example/\"}</script>"
        ),
        None
    );
    assert_eq!(url("<link rel='canonical' href='about:blank'>"), None);
}

#[test]
fn empty_and_non_html_input() {
    for input in [
        "",
        "   ",
        "plain text, no markup",
        "<",
        "<<<>>>&&&;;",
        "\u{0}\u{feff}",
    ] {
        let draft = parse(input);
        assert_eq!(draft.title, None, "{input:?}");
        assert_eq!(draft.date, None);
        assert_eq!(draft.url, None);
        assert_well_formed_or_empty(&draft.body);
    }
    assert_eq!(parse("plain text, no markup").body, "plain text, no markup");
}

fn assert_well_formed_or_empty(body: &str) {
    if !body.is_empty() {
        assert_well_formed(body);
    }
}

#[test]
fn deeply_nested_pages_are_handled_without_recursion() {
    let depth = 100_000;
    let html = format!(
        "<html><head><title>Deep page</title></head><body>{}<p>{}</p>{}</body></html>",
        "<div>".repeat(depth),
        "Deep text. ".repeat(20),
        "</div>".repeat(depth)
    );
    let draft = parse(&html);
    assert_eq!(draft.title, some("Deep page"));
    assert_eq!(draft.body, "Deep text. ".repeat(20).trim());
    // Unclosed formatting elements nest too.
    let html = format!("<p>{}</p>", "<b><i>word ".repeat(20_000));
    let draft = parse(&html);
    assert!(draft.body.starts_with("word word"), "{}", &draft.body[..40]);
}

#[test]
fn pages_with_too_many_elements_use_the_paragraph_harvest() {
    let links = "<li><a href='/x'>Link</a></li>".repeat(MAX_ELEMENTS / 2);
    let html = page(
        "<title>Big page</title>",
        &format!("<nav><ul>{links}</ul></nav><article>{PARAGRAPHS}</article>"),
    );
    let draft = parse(&html);
    assert!(
        draft.body.starts_with("The first paragraph"),
        "{}",
        draft.body
    );
    assert!(
        draft.body.ends_with("in the coming weeks."),
        "{}",
        draft.body
    );
    assert!(!draft.body.contains("Link"));
}

#[test]
fn bylines_and_dates_are_read_from_short_elements_only() {
    // A byline element nested around the whole page is not a byline (and is not copied once
    // per level to find that out).
    let nested = format!(
        "{}{PARAGRAPHS}{}",
        "<div itemprop=\"author datePublished\">".repeat(50),
        "</div>".repeat(50)
    );
    let draft = parse(&page("<title>T</title>", &nested));
    assert_eq!(draft.author, None);
    assert_eq!(draft.date, None);
    // A short one is.
    let short = format!(
        "<h1>T</h1><span itemprop=\"author\">Jane Doe</span><span itemprop=\"datePublished\">2024-10-18</span>{PARAGRAPHS}"
    );
    let draft = parse(&page("<title>T</title>", &short));
    assert_eq!(draft.author, some("Jane Doe"));
    assert_eq!(draft.date, some("2024-10-18"));
}
