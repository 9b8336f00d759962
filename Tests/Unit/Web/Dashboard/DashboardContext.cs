extern alias Web;

using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.FluentUI.AspNetCore.Components;
using Web::RedisAspire.Web.Services;

namespace RedisAspire.Tests.Unit.Web.Dashboard;

/// <summary>A dashboard circuit in a test: interactive, its ApiClient over a <see cref="FakeApi"/>, its clock a fake one.</summary>
public abstract class DashboardContext : BunitContext
{
    protected DashboardContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddFluentUIComponents();
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddScoped<OverviewHistory>();
        Services.AddSingleton(new ApiClient(new HttpClient(Api) { BaseAddress = new Uri("http://api.test") }));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected FakeApi Api { get; } = new();

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Types a value into the field marked <paramref name="testId"/> (the first, when rows repeat it), as a browser reports it.</summary>
    protected static void Fill<TComponent>(IRenderedComponent<TComponent> page, string testId, string value) where TComponent : IComponent =>
        page.Find($"[data-testid={testId}]").Change(value);

    /// <summary>The messages shown under the form's fields, by the field the Api would name.</summary>
    protected static Dictionary<string, string> FieldErrors<TComponent>(IRenderedComponent<TComponent> page) where TComponent : IComponent =>
        page.FindAll("[data-testid=field-error]").ToDictionary(error => error.GetAttribute("data-field")!, error => error.TextContent);
}
