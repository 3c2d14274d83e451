{#- Cover of the printed packet. print-site renders this with a bare Jinja environment
    (only `config` and `page`), so handbook/steps/inject_cover_notice.py adds the safety notice. -#}
<div class="hb-cover">
  <p class="hb-cover__kicker">A handbook for patients and families</p>
  <h1>{{ config.site_name | e }}</h1>
  <p class="hb-cover__lead">{{ config.site_description | e }}</p>
  {#- The packet's one main message (CDC Clear Communication Index items 1-3 and 5): on the
      first page, before the contents, with the call to action. Chapters keep their own. #}
  <p class="hb-main-message hb-cover__message" id="hb-cover-message"><strong>This packet helps you and your family talk with your care team about ketamine and esketamine (a nasal spray made from ketamine) for depression that has not lifted. Read one chapter at a time, write your questions in it, and take it to your next visit.</strong></p>
  {#- config.extra.leaflet comes from handbook/steps/leaflet.py: leaflet number (from the edition),
      publication date, review date. No build hash on paper (it is in the PDF metadata). #}
  {%- set leaflet = config.extra.leaflet or {} %}
  <p class="hb-edition" id="hb-cover-edition">Edition {{ config.extra.edition | e }} · Leaflet {{ leaflet.number | e }} · Published {{ leaflet.published | e }} · Review due {{ leaflet.review | e }}</p>
  <p class="hb-cover__site">Read the latest version online: <a href="{{ config.site_url | e }}" class="hb-bare-url">{{ config.site_url | e }}</a></p>
</div>
