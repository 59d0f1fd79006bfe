using Canvass.Formats.Common;

namespace Canvass.Formats.Tests;

public sealed class SourcePlacesTests
{
    [Fact]
    public void Builder_WholePathsAndListItems_GiveEachPlaceInOrder()
    {
        var selection = new object();
        var other = new object();
        var calls = 0;
        string ListPath(object owner, string name)
        {
            calls++;
            return (ReferenceEquals(owner, selection) ? "/S[1]/" : "/S[2]/") + name;
        }

        var builder = new SourcePlaces.Builder();
        builder.AddItem(10, selection, "VoteCounts", 1, ListPath);
        builder.Add(new SourcePlace(null, "$.Whole"));
        builder.AddItem(12, selection, "VoteCounts", 2, ListPath);
        builder.AddItem(null, other, "VoteCounts", 0, ListPath);
        builder.Add(new SourcePlace(7, null));
        var places = builder.ToSourcePlaces();

        SourcePlace[] expected =
        [
            new(10, "/S[1]/VoteCounts[1]"),
            new(null, "$.Whole"),
            new(12, "/S[1]/VoteCounts[2]"),
            new(null, "/S[2]/VoteCounts[0]"),
            new(7, null),
        ];
        Assert.Equal(expected.Length, places.Count);
        Assert.Equal((IEnumerable<SourcePlace>)expected, places);
        Assert.Equal(expected[2], places[2]);
        Assert.Equal(2, calls); // one list path per owner and name
    }

    [Fact]
    public void Builder_NothingAdded_IsEmpty()
    {
        Assert.Same(SourcePlaces.Empty, new SourcePlaces.Builder().ToSourcePlaces());
        Assert.Empty(SourcePlaces.Empty);
        Assert.Throws<IndexOutOfRangeException>(() => SourcePlaces.Empty[0]);
    }
}
