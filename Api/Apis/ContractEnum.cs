namespace RedisAspire.Api.Apis;

/// <summary>Core's enum values as the contract's enums of the same names (a unit test checks every value has one).</summary>
internal static class ContractEnum
{
    public static TContract To<TContract>(Enum value)
        where TContract : struct, Enum =>
        Enum.Parse<TContract>(value.ToString());

    public static TContract? ToNullable<TContract>(Enum? value)
        where TContract : struct, Enum =>
        value is null ? null : To<TContract>(value);
}
