using System.Text.Json;
using Canvass.Storage.Subscriptions;

namespace Canvass.Storage.Tests.Subscriptions;

public sealed class FlipNoticeTests
{
    private static readonly FlipNotice Flip = new("cc-ga-president", "media-call", true, new DateTimeOffset(2020, 11, 7, 11, 25, 0, TimeSpan.FromHours(-5)), 41, ["4 of 7 decision desks call cand-biden"]);

    [Fact]
    public void ToMessage_SameFlipAgain_SameIdAndBody_WhateverTheEnqueueTime()
    {
        var first = Flip.ToMessage("sub_a", DateTimeOffset.UnixEpoch);
        var again = (Flip with { Reasons = [.. Flip.Reasons] }).ToMessage("sub_a", DateTimeOffset.UnixEpoch.AddDays(3));

        Assert.Equal((first.Id, first.Body, first.Type), (again.Id, again.Body, again.Type));
        Assert.Matches("^msg_[0-9a-f]{32}$", first.Id);
    }

    [Fact]
    public void ToMessage_AnyOtherSubscriptionOrFlip_AnotherId()
    {
        var ids = new[]
        {
            Flip.ToMessage("sub_a", DateTimeOffset.UnixEpoch).Id,
            Flip.ToMessage("sub_b", DateTimeOffset.UnixEpoch).Id,
            (Flip with { Final = false }).ToMessage("sub_a", DateTimeOffset.UnixEpoch).Id,
            (Flip with { Position = 42 }).ToMessage("sub_a", DateTimeOffset.UnixEpoch).Id,
            (Flip with { Contest = "cc-az-president" }).ToMessage("sub_a", DateTimeOffset.UnixEpoch).Id,
            (Flip with { At = Flip.At.AddSeconds(1) }).ToMessage("sub_a", DateTimeOffset.UnixEpoch).Id,
        };

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void ToMessage_Body_IsTheStandardWebhooksShapeInUtc()
    {
        var message = (Flip with { Final = false }).ToMessage("sub_a", DateTimeOffset.UnixEpoch);

        using var body = JsonDocument.Parse(message.Body);
        Assert.Equal(["type", "timestamp", "data"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("finality.retracted", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("2020-11-07T16:25:00+00:00", body.RootElement.GetProperty("timestamp").GetString());
        Assert.Equal(["subscription", "contest", "policy", "final", "at", "position", "reasons"],
            body.RootElement.GetProperty("data").EnumerateObject().Select(p => p.Name));
        Assert.Equal(("finality.retracted", "sub_a"), (message.Type, message.SubscriptionId));
    }

    private static readonly SupersededNotice Correction = new("cc-ga-president", "media-call", false, null, 43,
        [new WithdrawnFlip("msg_00000000000000000000000000000041", true, new DateTimeOffset(2020, 11, 7, 11, 25, 0, TimeSpan.FromHours(-5)), 41)], ["no majority"]);

    [Fact]
    public void SupersededToMessage_SameCorrectionAgain_SameId_WhateverTheIssueTime()
    {
        var first = Correction.ToMessage("sub_a", "msg_prev", DateTimeOffset.UnixEpoch);
        var again = (Correction with { Withdrawn = [.. Correction.Withdrawn], Reasons = ["other words"] }).ToMessage("sub_a", "msg_prev", DateTimeOffset.UnixEpoch.AddDays(3));

        Assert.Equal((first.Id, first.Type), (again.Id, again.Type));
        Assert.Matches("^msg_[0-9a-f]{32}$", first.Id);
        Assert.Equal("finality.superseded", first.Type);
    }

    [Fact]
    public void SupersededToMessage_AnotherPlaceOrAnswer_AnotherId()
    {
        var ids = new[]
        {
            Correction.ToMessage("sub_a", "msg_prev", DateTimeOffset.UnixEpoch).Id,
            Correction.ToMessage("sub_b", "msg_prev", DateTimeOffset.UnixEpoch).Id,
            Correction.ToMessage("sub_a", null, DateTimeOffset.UnixEpoch).Id,
            Correction.ToMessage("sub_a", "msg_other", DateTimeOffset.UnixEpoch).Id,
            (Correction with { Final = true }).ToMessage("sub_a", "msg_prev", DateTimeOffset.UnixEpoch).Id,
            (Correction with { Since = DateTimeOffset.UnixEpoch }).ToMessage("sub_a", "msg_prev", DateTimeOffset.UnixEpoch).Id,
            (Correction with { Position = 44 }).ToMessage("sub_a", "msg_prev", DateTimeOffset.UnixEpoch).Id,
            (Correction with { Withdrawn = [] }).ToMessage("sub_a", "msg_prev", DateTimeOffset.UnixEpoch).Id,
            (Correction with { Contest = "cc-az-president" }).ToMessage("sub_a", "msg_prev", DateTimeOffset.UnixEpoch).Id,
            Flip.ToMessage("sub_a", DateTimeOffset.UnixEpoch).Id,
        };

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void SupersededToMessage_Body_IsTheStandardWebhooksShapeInUtc()
    {
        var message = (Correction with { Final = true, Since = new DateTimeOffset(2020, 12, 1, 12, 0, 0, TimeSpan.FromHours(-5)) })
            .ToMessage("sub_a", "msg_prev", new DateTimeOffset(2020, 12, 2, 9, 0, 0, TimeSpan.FromHours(1)));

        using var body = JsonDocument.Parse(message.Body);
        Assert.Equal(["type", "timestamp", "data"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("finality.superseded", "2020-12-02T08:00:00+00:00"), (body.RootElement.GetProperty("type").GetString(), body.RootElement.GetProperty("timestamp").GetString()));
        var data = body.RootElement.GetProperty("data");
        Assert.Equal(["subscription", "contest", "policy", "final", "since", "position", "withdrawn", "reasons"], data.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("2020-12-01T17:00:00+00:00", 43L), (data.GetProperty("since").GetString(), data.GetProperty("position").GetInt64()));
        var withdrawn = Assert.Single(data.GetProperty("withdrawn").EnumerateArray());
        Assert.Equal(["id", "final", "at", "position"], withdrawn.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2020-11-07T16:25:00+00:00", withdrawn.GetProperty("at").GetString());
        Assert.Equal("sub_a", message.SubscriptionId);
    }
}
