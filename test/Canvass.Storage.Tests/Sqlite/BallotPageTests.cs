using Canvass.Domain.Elections;
using Canvass.Storage.Sqlite;

namespace Canvass.Storage.Tests.Sqlite;

/// <summary>The ballot page's string table: every ballot reads back exactly as written, whatever its strings, and reading
/// from any place (skipping, reading ids only) sees the same table.</summary>
public sealed class BallotPageTests
{
    [Fact]
    public void Ballots_ReadBackExactly_WhateverTheirStrings()
    {
        var ballots = TrickyBallots().ToList();
        var writer = new BallotPage.Writer();
        var keys = ballots.Select((b, i) => writer.Write(new BallotFields(b), i + 2)).ToList();
        var page = writer.Output.WrittenSpan.ToArray();

        var reader = new BallotPage.Reader(page);
        for (var i = 0; i < ballots.Count; i++)
        {
            Assert.Equal(ballots[i], reader.Read(out var line));
            Assert.Equal(i + 2, line);
            Assert.Equal(BallotPage.IdKey(ballots[i].BallotId), keys[i]);
        }

        Assert.True(reader.AtEnd);

        // From any place: skip to it (the table of the skipped ballots is kept), or read ids only up to it.
        foreach (var at in new[] { 0, 1, 63, 64, 65, 150, ballots.Count - 1 })
        {
            var skipping = new BallotPage.Reader(page);
            skipping.Skip(at);
            Assert.Equal(ballots[at], skipping.Read(out _));

            var ids = new BallotPage.Reader(page);
            for (var i = 0; i < at; i++)
            {
                Assert.Equal(ballots[i].BallotId, ids.ReadId(out var line));
                Assert.Equal(i + 2, line);
            }

            Assert.Equal(ballots[at], ids.Read(out _));
        }
    }

    [Fact]
    public void RepeatedStrings_AreWrittenOnce()
    {
        var writer = new BallotPage.Writer();
        var marks = "k-gov=s-1;k-sen=s-7|s-8;k-prop-1=yes";
        writer.Write(new BallotFields(new StoredBallot("b-0", "cty-fulton", "pct-001", "batch-17", CountItemType.ElectionDay, "style-3", marks)), 2);
        var first = writer.Output.WrittenCount;
        writer.Write(new BallotFields(new StoredBallot("b-1", "cty-fulton", "pct-001", "batch-17", CountItemType.ElectionDay, "style-3", marks)), 3);

        // line (the next), method, flags, id ("b-" shared, then 1 byte), county, precinct, batch, style, marks count and its 3
        // parts: one byte each.
        Assert.Equal(1 + 1 + 1 + 3 + 4 + 1 + 3, writer.Output.WrittenCount - first);

        writer.Reset();
        Assert.Equal(0, writer.Output.WrittenCount);
        writer.Write(new BallotFields(new StoredBallot("b-2", "cty-fulton", null, null, CountItemType.ElectionDay, null, marks)), 4);
        var reader = new BallotPage.Reader(writer.Output.WrittenSpan.ToArray());
        Assert.Equal("cty-fulton", reader.Read(out _).County); // a new page starts with an empty table
    }

    [Fact]
    public void BallotsWithNumberedMarkParts_ReadBackAsTheirText_AcrossPages()
    {
        // The same ballots written with their marks' parts numbered in a part table (as the CSV reader hands them over),
        // some with and some without numbers, over three pages: each reads back as written, and a part written by number
        // costs one byte once its page has it.
        var ballots = TrickyBallots().ToList();
        var table = new Domain.Ballots.MarkPartTable();
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var writer = new BallotPage.Writer();
        var pages = new List<(byte[] Page, List<StoredBallot> Ballots)>();
        var onPage = new List<StoredBallot>();
        for (var i = 0; i < ballots.Count; i++)
        {
            var b = ballots[i];
            int[] parts = b.Marks.Length == 0 || i % 9 == 4 ? [] : [.. b.Marks.Split(';').Select(p => numbers.TryGetValue(p, out var n) ? n : numbers[p] = table.Add(p))];
            writer.Write(new BallotFields(b.BallotId, b.County, b.Precinct, b.BatchId, b.VoteMethod, b.BallotStyle, b.Marks, parts, table), i + 2);
            onPage.Add(b);
            if (i is 70 or 140)
            {
                pages.Add((writer.Output.WrittenSpan.ToArray(), onPage));
                onPage = [];
                writer.Reset();
            }
        }

        pages.Add((writer.Output.WrittenSpan.ToArray(), onPage));
        Assert.Equal(3, pages.Count);
        foreach (var (page, written) in pages)
        {
            var reader = new BallotPage.Reader(page);
            foreach (var b in written)
            {
                Assert.Equal(b, reader.Read(out _));
            }

            Assert.True(reader.AtEnd);
        }

        var again = new BallotPage.Writer();
        var marks = "k-gov=s-1;k-sen=s-7|s-8";
        int[] numbered = [table.Add("k-gov=s-1"), table.Add("k-sen=s-7|s-8")];
        again.Write(new BallotFields("b-0", "c", null, null, CountItemType.ElectionDay, null, marks, numbered, table), 2);
        var before = again.Output.WrittenCount;
        again.Write(new BallotFields("b-1", "c", null, null, CountItemType.ElectionDay, null, marks, numbered, table), 3);

        // line (the next), method, flags, id ("b-" shared, then 1 byte), county, marks count and its 2 parts: one byte each.
        Assert.Equal(1 + 1 + 1 + 3 + 1 + 1 + 2, again.Output.WrittenCount - before);
    }

    [Fact]
    public void RepeatingAStringNeverIntroduced_IsReportedAsBadData()
    {
        // line 2, method 0, no optional fields, id "b", county: repeat of entry 5 of an empty table.
        byte[] page = [2, 0, 0, 1, (byte)'b', 10, 0];
        Assert.Throws<InvalidDataException>(() => new BallotPage.Reader(page).Read(out _));
    }

    [Theory]
    [InlineData(new byte[] { 2, 0, 0, 1, (byte)'b', 9, (byte)'c', (byte)'t' }, "holds a string longer than what is left of the page")]
    [InlineData(new byte[] { 2, 0, 0, 1, (byte)'b', 3, (byte)'c', 0x83 }, "ends inside a number")]
    [InlineData(new byte[] { 2, 0 }, "ends inside a ballot")]
    [InlineData(new byte[] { 2, 0, 0, 1, (byte)'b', 3, 0xFF, 0 }, "holds a string that is not UTF-8")]
    public void AnAlteredOrCutPage_IsReportedAsBadDataThatSaysWhatIsWrong(byte[] page, string what)
    {
        // Line 2, method 0, no optional fields, id "b", then a county string that runs past the page, a marks count cut
        // short, no flags at all, or a county that is not UTF-8: a page whose bytes were changed, as 'canvass verify'
        // reports it.
        var e = Assert.Throws<InvalidDataException>(() => new BallotPage.Reader(page).Read(out _));
        Assert.Equal("A stored ballot page " + what + ".", e.Message);
    }

    [Fact]
    public void LinesAndIds_ReadBack_WhateverTheirSteps()
    {
        // Lines written as steps from the line before: the next line, the same, backwards, huge jumps, 0 and the largest.
        // Ids written against the id before: longer, a prefix of it, the same, nothing shared, and prefixes that end
        // inside a character's UTF-8 ("é" and "è" share their first byte).
        long[] lines = [0, 1, 2, 5, 5, 4, 1_000_000_000_000, 3, long.MaxValue, 0, 7, 8, 9];
        string[] ids = ["é-1", "é-10", "é-1", "é-1", "x", "x-日本", "x-日", "é", "è", "b-99", "b-100", "😀", "😀😀"];
        var ballots = ids.Select(id => new StoredBallot(id, "c", null, null, CountItemType.Early, null, "k=s")).ToList();
        var writer = new BallotPage.Writer();
        for (var i = 0; i < ballots.Count; i++)
        {
            Assert.Equal(BallotPage.IdKey(ids[i]), writer.Write(new BallotFields(ballots[i]), lines[i]));
        }

        var page = writer.Output.WrittenSpan.ToArray();
        Assert.Equal([0x00, 0xFF], page[..2]);

        // The same ballots with their ids' UTF-8 given (as the CVR importer passes them) make the same page.
        var given = new BallotPage.Writer();
        for (var i = 0; i < ballots.Count; i++)
        {
            var b = ballots[i];
            var fields = new BallotFields(b.BallotId, b.County, b.Precinct, b.BatchId, b.VoteMethod, b.BallotStyle, b.Marks, ballotIdUtf8: System.Text.Encoding.UTF8.GetBytes(ids[i]));
            Assert.Equal(BallotPage.IdKey(ids[i]), given.Write(fields, lines[i]));
        }

        Assert.Equal(page, given.Output.WrittenSpan.ToArray());
        for (var at = 0; at < ballots.Count; at++)
        {
            var skipping = new BallotPage.Reader(page);
            skipping.Skip(at);
            Assert.Equal(ballots[at], skipping.Read(out var line));
            Assert.Equal(lines[at], line);

            var reading = new BallotPage.Reader(page);
            for (var i = 0; i < at; i++)
            {
                Assert.Equal(ids[i], i % 2 == 0 ? reading.ReadId(out line) : reading.Read(out line).BallotId);
                Assert.Equal(lines[i], line);
            }
        }
    }

    [Fact]
    public void Schema3Pages_ReadAsTheyAre()
    {
        // Written before 2026-12-02: no leading 00 FF, absolute lines, ids whole. Ballot 1: line 2, early (method 0), no
        // optional fields, id "b", county "c" new in the table, no marks; ballot 2: line 9, id "bb", county entry 0.
        byte[] page = [2, 0, 0, 1, (byte)'b', 3, (byte)'c', 0, 9, 0, 0, 2, (byte)'b', (byte)'b', 0, 0];

        var reader = new BallotPage.Reader(page);
        Assert.Equal(new StoredBallot("b", "c", null, null, (CountItemType)0, null, ""), reader.Read(out var line));
        Assert.Equal(2, line);
        Assert.Equal(new StoredBallot("bb", "c", null, null, (CountItemType)0, null, ""), reader.Read(out line));
        Assert.Equal(9, line);
        Assert.True(reader.AtEnd);

        var skipping = new BallotPage.Reader(page);
        skipping.Skip(1);
        Assert.Equal("bb", skipping.ReadId(out line));
        Assert.Equal(9, line);
    }

    [Fact]
    public void AnIdThatSharesMoreThanTheIdBefore_IsAnError()
    {
        // Schema 4: line 1 (step 0 from line 0), early, no optional fields, id sharing 5 bytes with no id before.
        byte[] page = [0x00, 0xFF, 0, 0, 0, 5, 1, (byte)'b', 3, (byte)'c', 0];
        Assert.Throws<InvalidDataException>(() => new BallotPage.Reader(page).Read(out _));
    }

    private static IEnumerable<StoredBallot> TrickyBallots()
    {
        string[] marks = ["", ";", ";;", "k-gov=", "k-gov=s-1", "k-gov=s-1;k-sen=s-2|s-3", "k-rcv=s-1:1|s-2:2", "k-é=s-ü;k-日本=s-😀", ";k-gov=s-1;"];
        for (var i = 0; i < 200; i++)
        {
            // Enough distinct strings that table entries pass 63 and need two-byte numbers; some long, some empty.
            yield return new StoredBallot(
                i % 50 == 0 ? $"ballot-{new string('x', 300)}-{i}" : $"b-{i}",
                i % 7 == 0 ? "" : $"cty-{i % 5}",
                i % 3 == 0 ? null : $"pct-{i % 90}",
                i % 4 == 0 ? null : $"batch-{i / 10}",
                (CountItemType)(i % 6),
                i % 5 == 0 ? null : $"style-{i % 2}",
                i < marks.Length ? marks[i] : $"k-gov=s-{i % 3};k-sen=s-{i % 11}|s-{i % 13};k-{i % 40}=yes");
        }
    }
}
