using System.Net;
using Canvass.Domain;
using Canvass.Storage.Subscriptions;

namespace Canvass.Storage.Tests.Subscriptions;

public sealed class WebhookAddressTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("93.184.215.14", AddressClass.Public)]
    [InlineData("2606:4700::6810:84e5", AddressClass.Public)]
    [InlineData("127.0.0.1", AddressClass.Loopback)]
    [InlineData("127.255.0.9", AddressClass.Loopback)]
    [InlineData("::1", AddressClass.Loopback)]
    [InlineData("10.1.2.3", AddressClass.Private)]
    [InlineData("172.16.0.1", AddressClass.Private)]
    [InlineData("172.31.255.255", AddressClass.Private)]
    [InlineData("172.32.0.1", AddressClass.Public)]
    [InlineData("192.168.1.1", AddressClass.Private)]
    [InlineData("100.64.0.1", AddressClass.Private)]
    [InlineData("fd12:3456::1", AddressClass.Private)]
    [InlineData("169.254.169.254", AddressClass.LinkLocal)]
    [InlineData("fe80::1", AddressClass.LinkLocal)]
    [InlineData("224.0.0.1", AddressClass.Multicast)]
    [InlineData("239.255.255.250", AddressClass.Multicast)]
    [InlineData("ff02::1", AddressClass.Multicast)]
    [InlineData("0.0.0.0", AddressClass.Unspecified)]
    [InlineData("0.1.2.3", AddressClass.Unspecified)]
    [InlineData("::", AddressClass.Unspecified)]
    [InlineData("255.255.255.255", AddressClass.Broadcast)]
    [InlineData("240.0.0.1", AddressClass.Reserved)]
    [InlineData("192.0.2.10", AddressClass.Reserved)]
    [InlineData("2001:db8::1", AddressClass.Reserved)]
    [InlineData("::ffff:169.254.169.254", AddressClass.LinkLocal)]
    [InlineData("::ffff:127.0.0.1", AddressClass.Loopback)]
    [InlineData("64:ff9b::a9fe:a9fe", AddressClass.LinkLocal)]
    [InlineData("2002:a9fe:a9fe::1", AddressClass.LinkLocal)]
    [InlineData("2002:5db8:d70e::1", AddressClass.Public)]
    public void Classify_KnownRanges(string address, AddressClass expected) =>
        Assert.Equal(expected, WebhookAddressPolicy.Classify(IPAddress.Parse(address)));

    [Fact]
    public void Allows_LoopbackAndPrivateOnlyWhenTheOperatorSaysSo_TheRestNever()
    {
        var strict = new WebhookAddressPolicy();
        var open = new WebhookAddressPolicy(AllowLoopback: true, AllowPrivate: true);

        Assert.True(strict.Allows(AddressClass.Public));
        Assert.False(strict.Allows(AddressClass.Loopback));
        Assert.False(strict.Allows(AddressClass.Private));
        Assert.True(open.Allows(AddressClass.Loopback));
        Assert.True(open.Allows(AddressClass.Private));
        foreach (var never in new[] { AddressClass.LinkLocal, AddressClass.Multicast, AddressClass.Unspecified, AddressClass.Broadcast, AddressClass.Reserved })
        {
            Assert.False(open.Allows(never), never.ToString());
        }
    }

    [Theory]
    [InlineData("ftp://hooks.example/x", "scheme is 'ftp'")]
    [InlineData("file:///etc/passwd", "scheme is 'file'")]
    [InlineData("javascript:alert(1)", "scheme is 'javascript'")]
    [InlineData("/relative/path", "not an absolute URL")]
    [InlineData("", "not an absolute URL")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://[fe80::1]/hook", "link-local")]
    [InlineData("http://224.0.0.1/hook", "multicast")]
    [InlineData("http://0.0.0.0:8080/hook", "unspecified")]
    [InlineData("http://255.255.255.255/hook", "broadcast")]
    [InlineData("http://127.0.0.1:9/hook", "--allow-loopback")]
    [InlineData("http://[::1]:9/hook", "--allow-loopback")]
    [InlineData("http://10.0.0.8/hook", "--allow-private")]
    [InlineData("http://[::ffff:a9fe:a9fe]/hook", "link-local")]
    [InlineData("https://user:pass@93.184.215.14/hook", "user name or password")]
    [InlineData("https://93.184.215.14/hook#part", "#fragment")]
    public async Task ValidateAsync_BadUrl_SaysWhy(string url, string reason)
    {
        var result = await WebhookUrl.ValidateAsync(url, new WebhookAddressPolicy(), "--url", Ct);

        Assert.False(result.IsSuccess);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((ProblemCodes.BadValue, "--url"), (problem.Code, problem.Path));
        Assert.Contains(reason, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://93.184.215.14/hooks/canvass?k=v")]
    [InlineData("http://93.184.215.14:8080/")]
    [InlineData("https://[2606:4700::6810:84e5]/hook")]
    public async Task ValidateAsync_PublicHttpOrHttps_IsAccepted(string url)
    {
        var result = await WebhookUrl.ValidateAsync(url, new WebhookAddressPolicy(), "--url", Ct);

        Assert.True(result.IsSuccess, string.Join("; ", result.Problems));
        Assert.Equal(new Uri(url), result.Value);
    }

    [Fact]
    public async Task ValidateAsync_NameResolvingToLoopback_IsJudgedByTheAddress()
    {
        var refused = await WebhookUrl.ValidateAsync("http://localhost:9/hook", new WebhookAddressPolicy(), "--url", Ct);
        var allowed = await WebhookUrl.ValidateAsync("http://localhost:9/hook", new WebhookAddressPolicy(AllowLoopback: true), "--url", Ct);

        Assert.Contains(refused.Problems, p => p.Message.Contains("localhost (", StringComparison.Ordinal) && p.Message.Contains("loopback", StringComparison.Ordinal));
        Assert.True(allowed.IsSuccess);
    }
}
