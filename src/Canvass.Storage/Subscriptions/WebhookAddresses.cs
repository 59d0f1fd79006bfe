using System.Net;
using System.Net.Sockets;

namespace Canvass.Storage.Subscriptions;

/// <summary>The kind of network an IP address belongs to, as far as webhook delivery cares.</summary>
public enum AddressClass
{
    /// <summary>A public, routable unicast address.</summary>
    Public,

    /// <summary>This host: 127.0.0.0/8, ::1.</summary>
    Loopback,

    /// <summary>Private networks: 10/8, 172.16/12, 192.168/16, carrier-grade NAT 100.64/10, IPv6 unique-local fc00::/7.</summary>
    Private,

    /// <summary>Link-local: 169.254/16 (where cloud metadata services such as 169.254.169.254 live), fe80::/10.</summary>
    LinkLocal,

    /// <summary>Multicast: 224/4, ff00::/8.</summary>
    Multicast,

    /// <summary>The unspecified address or "this network": 0/8, ::.</summary>
    Unspecified,

    /// <summary>The limited broadcast address 255.255.255.255.</summary>
    Broadcast,

    /// <summary>Reserved or not for use on the internet: 240/4, IETF protocol assignments 192.0.0/24, documentation ranges
    /// (192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32), benchmarking 198.18/15, deprecated site-local fec0::/10,
    /// IPv4-compatible ::/96, Teredo 2001::/32, and the discard prefix 100::/64.</summary>
    Reserved,
}

/// <summary>Which addresses webhooks may be delivered to. Public addresses always; loopback and private networks only
/// when the operator allows them; link-local (cloud metadata), multicast, unspecified, broadcast and reserved never.</summary>
/// <remarks>IPv4 addresses embedded in IPv6 (IPv4-mapped ::ffff:0:0/96, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by
/// the embedded IPv4 address, so an IPv6 spelling cannot reach a blocked IPv4 network.</remarks>
/// <param name="AllowLoopback">Whether 127.0.0.0/8 and ::1 are allowed (for a receiver on the same host, as in tests).</param>
/// <param name="AllowPrivate">Whether private networks are allowed (for a receiver inside the operator's network).</param>
public sealed record WebhookAddressPolicy(bool AllowLoopback = false, bool AllowPrivate = false)
{
    private static readonly (IPNetwork Network, AddressClass Class)[] V4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), AddressClass.Unspecified),
        (IPNetwork.Parse("10.0.0.0/8"), AddressClass.Private),
        (IPNetwork.Parse("100.64.0.0/10"), AddressClass.Private),
        (IPNetwork.Parse("127.0.0.0/8"), AddressClass.Loopback),
        (IPNetwork.Parse("169.254.0.0/16"), AddressClass.LinkLocal),
        (IPNetwork.Parse("172.16.0.0/12"), AddressClass.Private),
        (IPNetwork.Parse("192.0.0.0/24"), AddressClass.Reserved),
        (IPNetwork.Parse("192.0.2.0/24"), AddressClass.Reserved),
        (IPNetwork.Parse("192.168.0.0/16"), AddressClass.Private),
        (IPNetwork.Parse("198.18.0.0/15"), AddressClass.Reserved),
        (IPNetwork.Parse("198.51.100.0/24"), AddressClass.Reserved),
        (IPNetwork.Parse("203.0.113.0/24"), AddressClass.Reserved),
        (IPNetwork.Parse("224.0.0.0/4"), AddressClass.Multicast),
        (IPNetwork.Parse("255.255.255.255/32"), AddressClass.Broadcast),
        (IPNetwork.Parse("240.0.0.0/4"), AddressClass.Reserved),
    ];

    private static readonly (IPNetwork Network, AddressClass Class)[] V6 =
    [
        (IPNetwork.Parse("::/128"), AddressClass.Unspecified),
        (IPNetwork.Parse("::1/128"), AddressClass.Loopback),
        (IPNetwork.Parse("::/96"), AddressClass.Reserved),
        (IPNetwork.Parse("100::/64"), AddressClass.Reserved),
        (IPNetwork.Parse("2001::/32"), AddressClass.Reserved),
        (IPNetwork.Parse("2001:db8::/32"), AddressClass.Reserved),
        (IPNetwork.Parse("fc00::/7"), AddressClass.Private),
        (IPNetwork.Parse("fe80::/10"), AddressClass.LinkLocal),
        (IPNetwork.Parse("fec0::/10"), AddressClass.Reserved),
        (IPNetwork.Parse("ff00::/8"), AddressClass.Multicast),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>The class of <paramref name="address"/>.</summary>
    public static AddressClass Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return Classify(address.MapToIPv4());
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            if (Nat64.Contains(address))
            {
                return Classify(new IPAddress(bytes.AsSpan(12, 4)));
            }

            if (SixToFour.Contains(address))
            {
                return Classify(new IPAddress(bytes.AsSpan(2, 4)));
            }

            return Match(V6, address);
        }

        return Match(V4, address);
    }

    /// <summary>True when a webhook may be delivered to <paramref name="address"/>.</summary>
    public bool Allows(IPAddress address) => Allows(Classify(address));

    /// <summary>True when a webhook may be delivered to an address of class <paramref name="addressClass"/>.</summary>
    public bool Allows(AddressClass addressClass) => addressClass switch
    {
        AddressClass.Public => true,
        AddressClass.Loopback => AllowLoopback,
        AddressClass.Private => AllowPrivate,
        _ => false,
    };

    private static AddressClass Match((IPNetwork Network, AddressClass Class)[] table, IPAddress address)
    {
        // The more specific entries come first where ranges nest (::/128 and ::1/128 before ::/96; 2001:db8::/32 is
        // inside no earlier entry), so the first match is the answer.
        foreach (var (network, addressClass) in table)
        {
            if (network.Contains(address))
            {
                return addressClass;
            }
        }

        return AddressClass.Public;
    }
}
