{#- Cover of the printed packet. print-site renders this with a bare Jinja environment
    (only `config` and `page`), so handbook/steps/inject_cover_notice.py adds the safety notice. -#}
<div class="hb-cover">
  <p class="hb-cover__kicker">A handbook for patients and families</p>
  <h1>{{ config.site_name | e }}</h1>
  {#- The packet's one main message with its call to action (CDC Clear Communication Index items
      1-3 and 5), as the cover's lead: first page, before the contents. It replaces the site
      description so the cover still fits one page; scripts/pdf_glance.py swaps in its own lead. #}
  <p class="hb-cover__lead hb-main-message" id="hb-cover-message"><strong>Ketamine, and esketamine (a nasal spray made from ketamine), are 2 of your 7 choices, including keeping your current plan: they can help, but not everyone.</strong> You do not have to decide today: bring these pages and your questions to your next visit.</p>
  {#- config.extra.leaflet comes from handbook/steps/leaflet.py: leaflet number (from the edition),
      publication date, review date. No build hash on paper (it is in the PDF metadata). #}
  {%- set leaflet = config.extra.leaflet or {} %}
  <p class="hb-edition" id="hb-cover-edition">Edition {{ config.extra.edition | e }} · Leaflet number {{ leaflet.number | e }} · Published {{ leaflet.published | e }} · Review due {{ leaflet.review | e }}</p>
  <p class="hb-cover__site">Read the latest version online: <a href="{{ config.site_url | e }}" class="hb-bare-url">{{ config.site_url | e }}</a></p>
</div>
