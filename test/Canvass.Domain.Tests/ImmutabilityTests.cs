using System.Reflection;
using System.Runtime.CompilerServices;
using Canvass.Domain.Tabulation;

namespace Canvass.Domain.Tests;

/// <summary>Keeps the Domain's rule honest (as NodaTime's MutabilityTest does): every public type is immutable, except the
/// few accumulators that say so in their documentation.</summary>
public sealed class ImmutabilityTests
{
    /// <summary>Mutable by design: builders that accumulate ballots and are documented as not thread-safe.</summary>
    private static readonly HashSet<Type> MutableByDesign = [typeof(CvrTally), typeof(BallotColumns)];

    public static TheoryData<string> PublicTypes()
    {
        var data = new TheoryData<string>();
        foreach (var t in typeof(Problem).Assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            data.Add(t.FullName!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PublicTypes))]
    public void PublicType_IsImmutable(string name)
    {
        var type = typeof(Problem).Assembly.GetType(name)!;
        if (type.IsEnum || type.IsInterface || (type.IsAbstract && type.IsSealed) || typeof(Attribute).IsAssignableFrom(type) || MutableByDesign.Contains(type))
        {
            Assert.True(!typeof(Attribute).IsAssignableFrom(type) || type.IsSealed, $"{name}: attributes are sealed");
            return;
        }

        if (type.IsValueType)
        {
            Assert.True(type.IsDefined(typeof(IsReadOnlyAttribute), false), $"{name}: a public struct must be readonly");
        }
        else
        {
            Assert.True(type.IsSealed, $"{name}: a public class or record must be sealed");
        }

        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var setter = p.SetMethod;
            var initOnly = setter is not null && setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
            Assert.True(setter is null || !setter.IsPublic || initOnly, $"{name}.{p.Name} has a public setter");
            var pt = p.PropertyType;
            var mutableCollection = pt.IsArray
                || (pt.IsGenericType && pt.GetGenericTypeDefinition() is var g
                    && (g == typeof(List<>) || g == typeof(Dictionary<,>) || g == typeof(HashSet<>)));
            Assert.False(mutableCollection, $"{name}.{p.Name} exposes a mutable collection ({pt.Name})");
        }

        foreach (var f in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            Assert.True(f.IsInitOnly, $"{name}.{f.Name} is a writable public field");
        }
    }
}
