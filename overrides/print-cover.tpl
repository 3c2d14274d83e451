{#- Cover of the printed packet. print-site renders this with a bare Jinja environment
    (only `config` and `page`), so hooks/inject_cover_notice.py adds the safety notice. -#}
<div class="hb-cover">
  <p class="hb-cover__kicker">A handbook for patients and families</p>
  <h1>{{ config.site_name | e }}</h1>
  <p class="hb-cover__lead">{{ config.site_description | e }}</p>
  {#- config.extra.build comes from hooks/edition.py: version, build date, git commit. #}
  <p class="hb-edition" id="hb-cover-edition">{{ (config.extra.build.label if config.extra.build else "Edition " ~ config.extra.edition) | e }}</p>
  <p class="hb-cover__site">Read the latest version online: <a href="{{ config.site_url | e }}" class="hb-bare-url">{{ config.site_url | e }}</a></p>
</div>
