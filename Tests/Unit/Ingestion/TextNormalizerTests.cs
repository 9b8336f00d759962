using RedisAspire.Core.Ingestion;

namespace RedisAspire.Tests.Unit.Ingestion;

[Trait("Category", "Unit")]
public sealed class TextNormalizerTests
{
    [Fact]
    public void SpacesAndTabsCollapseAndLinesAreTrimmed() =>
        Assert.Equal("Opening hours:\nMonday to Friday", TextNormalizer.Normalize("  Opening \t hours:  \r\n\t Monday  to\u00a0Friday \n"));

    [Fact]
    public void ThreeOrMoreLineBreaksBecomeOneParagraphBreak() =>
        Assert.Equal("First.\n\nSecond.\nThird.", TextNormalizer.Normalize("First.\n\n\n \n\nSecond.\r\nThird."));

    [Fact]
    public void ControlAndInvisibleCharactersAreRemoved() =>
        Assert.Equal("Allergens: nuts", TextNormalizer.Normalize("\uFEFFAller\u00ADgens:\u0007 n\u200Buts\0"));

    [Fact]
    public void TextIsComposedToNfc() =>
        Assert.Equal("caf\u00e9 cr\u00e8me", TextNormalizer.Normalize("cafe\u0301 cre\u0300me"));

    [Fact]
    public void ALoneSurrogateIsDroppedAndAPairKept() =>
        Assert.Equal("a b \U0001F37D", TextNormalizer.Normalize("a\uD800 b \U0001F37D"));

    [Fact]
    public void EmptyOrBlankTextIsEmpty()
    {
        Assert.Equal(string.Empty, TextNormalizer.Normalize(null));
        Assert.Equal(string.Empty, TextNormalizer.Normalize(" \r\n\t "));
    }

    [Fact]
    public void HtmlDropsScriptStyleHeadAndCommentsAndDecodesEntities()
    {
        const string Html = """
            <!DOCTYPE html>
            <html><head><title>Opening &amp; Hours</title><style>p { color: red; }</style>
            <script>var secret = "<p>not text</p>";</script></head>
            <body><!-- hidden note -->
            <h1>Opening hours</h1><p>Mon&ndash;Fri: 12&nbsp;&ndash;&nbsp;22 h.
            Kitchen closes at 21:30.</p><SCRIPT type="text/javascript">alert('x')</SCRIPT>
            <p>Fish &amp; chips &lt;3</p>
            </body></html>
            """;

        var extracted = TextNormalizer.FromHtml(Html);

        Assert.Equal("Opening & Hours", extracted.Title);
        Assert.Equal("Opening hours\n\nMon\u2013Fri: 12 \u2013 22 h. Kitchen closes at 21:30.\n\nFish & chips <3", extracted.Text);
    }

    [Fact]
    public void HtmlBlockElementsBecomeParagraphsAndInlineTagsVanish()
    {
        var extracted = TextNormalizer.FromHtml(
            "<div><ul><li>Oysters <b>(raw)</b></li><li>Mussels</li></ul>Line<br/>break<table><tr><td>A</td><td>B</td></tr></table></div>");

        Assert.Equal("Oysters (raw)\n\nMussels\n\nLine\n\nbreak\n\nA B", extracted.Text);
    }

    [Fact]
    public void HtmlWithoutATitleTakesItsFirstHeading()
    {
        var extracted = TextNormalizer.FromHtml("<body><h2>Menu</h2><h1 class=\"main\">Wine <em>list</em></h1><p>Red.</p></body>");

        Assert.Equal("Wine list", extracted.Title);
        Assert.Equal("Menu\n\nWine list\n\nRed.", extracted.Text);
    }

    [Fact]
    public void HtmlKeepsLineBreaksInsidePre() =>
        Assert.Equal("Steps:\n\nstep 1\nstep 2", TextNormalizer.FromHtml("<p>Steps:</p><pre>step 1\nstep 2</pre>").Text);

    [Fact]
    public void HtmlWhoseHeadIsNeverClosedStillHasItsBody()
    {
        var extracted = TextNormalizer.FromHtml("<html><head><title>Visiting</title><body><p>Visiting hours are 2 to 8 pm.</p>");

        Assert.Equal("Visiting", extracted.Title);
        Assert.Equal("Visiting hours are 2 to 8 pm.", extracted.Text);
    }

    [Fact]
    public void HtmlThatIsNotQuiteHtmlIsStillReadAsText()
    {
        Assert.Equal("a < b and c > d", TextNormalizer.FromHtml("a < b and c > d").Text);
        Assert.Equal("It's fine", TextNormalizer.FromHtml("<p data-x=it's>It's fine</p>").Text);
        Assert.Equal("before", TextNormalizer.FromHtml("before<script>never closed").Text);
    }

    [Fact]
    public void MarkdownTakesTheFirstLevelOneHeadingAsTitleAndKeepsItsText()
    {
        const string Markdown = """
            Intro line.

            # Hand *hygiene* policy #

            ## Scope
            Applies to **all** staff, see [the WHO guidance](https://who.int/hh "WHO") and ![poster](img/poster.png).
            - Wash for __20 seconds__
            * Use ~~soap~~ alcohol rub
            > Quoted *advice*.

            # Second heading
            """;

        var extracted = TextNormalizer.FromMarkdown(Markdown);

        Assert.Equal("Hand hygiene policy", extracted.Title);
        Assert.Equal(
            "Intro line.\n\nHand hygiene policy\n\nScope\n\nApplies to all staff, see the WHO guidance and poster.\nWash for 20 seconds\nUse soap alcohol rub\nQuoted advice.\n\nSecond heading",
            extracted.Text);
    }

    [Fact]
    public void MarkdownKeepsCodeButNotItsFences()
    {
        const string Markdown = """
            Run:

            ```bash
            dotnet run --project *Api*
            ```
            Done with `snake_case_name` and 2 * 3 * 4.
            """;

        Assert.Equal("Run:\n\ndotnet run --project *Api*\n\nDone with snake_case_name and 2 * 3 * 4.", TextNormalizer.FromMarkdown(Markdown).Text);
    }

    [Fact]
    public void MarkdownEscapesAndNestedEmphasisAreHandled() =>
        Assert.Equal("bold and italic *literal* [x]", TextNormalizer.FromMarkdown(@"**bold *and* italic** \*literal\* \[x\]").Text);

    [Fact]
    public void MarkdownWithoutAHeadingHasNoTitleUnlessItsFrontMatterGivesOne()
    {
        Assert.Null(TextNormalizer.FromMarkdown("Just a paragraph.").Title);

        var extracted = TextNormalizer.FromMarkdown("---\ntitle: \"Discharge checklist\"\nowner: ward 3\n---\nBefore discharge, check the medicines.");

        Assert.Equal("Discharge checklist", extracted.Title);
        Assert.Equal("Before discharge, check the medicines.", extracted.Text);
    }

    [Fact]
    public void ASetextHeadingIsATitleToo() =>
        Assert.Equal("Wine pairings", TextNormalizer.FromMarkdown("Wine pairings\n=============\n\nRiesling with trout.").Title);

    [Fact]
    public void PlainTextTakesItsFirstLineAsTitleCutAtAWordBoundary()
    {
        Assert.Equal("Corkage policy", TextNormalizer.FromPlainText("\n  Corkage policy\nWe charge 15 euros.").Title);

        var longTitle = TextNormalizer.FromPlainText(string.Join(' ', Enumerable.Repeat("word", 100))).Title!;
        Assert.True(longTitle.Length <= TextNormalizer.MaxTitleLength);
        Assert.EndsWith("word", longTitle, StringComparison.Ordinal);
    }
}
