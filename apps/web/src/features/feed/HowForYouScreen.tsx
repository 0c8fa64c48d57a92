import type { RankingParameters } from '@souk/contracts';
import { useEffect, useRef, useState } from 'react';
import { Screen } from '../../app/Screen.js';
import { useSession } from '../../app/SessionProvider.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { Spinner } from '../../ui/Spinner.js';
import { fetchRankingParameters } from './feed.api.js';
import { NotInterestedList } from './NotInterestedList.js';

/**
 * "How For You works": the main parameters of the ranking in plain words,
 * read from this server's configuration (EU DSA article 27), the non-profiled
 * alternatives (article 38), and the viewer's "not interested" choices.
 */
export function HowForYouScreen() {
  const { t } = useI18n();
  const { status } = useSession();
  const [parameters, setParameters] = useState<RankingParameters>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    fetchRankingParameters(controller.signal).then(setParameters, (caught: unknown) => controller.signal.aborted || setError(caught));
    return () => controller.abort();
  }, [attempt]);

  // Arriving from "Not interested" in settings: scroll there once the page is drawn.
  const scrolled = useRef(false);
  useEffect(() => {
    if (scrolled.current || !parameters || window.location.hash !== '#not-interested') return;
    scrolled.current = true;
    document.getElementById('not-interested')?.scrollIntoView();
  }, [parameters]);

  return (
    <Screen title={t('how.title')} back="/" testId="how-screen">
      <p className="how-intro">{t('how.intro')}</p>
      {error !== undefined ? (
        <ErrorState message={errorMessage(error, t)} retryLabel={t('common.retry')} onRetry={() => setAttempt((n) => n + 1)} />
      ) : !parameters ? (
        <div className="centered centered--small">
          <Spinner label={t('app.loading')} />
        </div>
      ) : (
        <Parameters parameters={parameters} />
      )}
      <section className="card how-section" id="not-interested" data-testid="not-interested-section">
        <h2 className="card__title">{t('how.notInterestedTitle')}</h2>
        <p className="how-section__body">{t('how.notInterestedBody')}</p>
        <h3 className="how-section__subtitle">{t('how.yourChoices')}</h3>
        {status === 'authenticated' ? (
          <NotInterestedList />
        ) : (
          <p className="how-section__body">
            <a href="/login?next=%2Ffeed%2Fhow%23not-interested">{t('how.logInForChoices')}</a>
          </p>
        )}
      </section>
    </Screen>
  );
}

/** What the ranker's features read (engine/features.ts), in the words of the page; they are the code's, not a setting. */
const RANKING_FEATURES = ['interests', 'next', 'author', 'topics', 'freshness', 'popularity', 'negative'] as const;

function Parameters({ parameters }: { parameters: RankingParameters }) {
  const { t, tn, locale } = useI18n();
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const totalWeight = parameters.objectives.reduce((sum, entry) => sum + Math.max(0, entry.weight), 0);
  const alternatives = parameters.modes.filter((mode) => mode !== 'for_you');

  return (
    <>
      <section className="card how-section" data-testid="how-signals">
        <h2 className="card__title">{t('how.signalsTitle')}</h2>
        <p className="how-section__body">{t('how.signalsBody')}</p>
        <ul className="how-list">
          {parameters.signals.map((signal) => (
            <li key={signal}>{t(`signal.${signal}`)}</li>
          ))}
        </ul>
      </section>

      <section className="card how-section" data-testid="how-sources">
        <h2 className="card__title">{t('how.sourcesTitle')}</h2>
        <p className="how-section__body">{t('how.sourcesBody')}</p>
        <ul className="how-list">
          {parameters.sources.map((source) => (
            <li key={source}>{t(`source.${source}`)}</li>
          ))}
        </ul>
      </section>

      <section className="card how-section" data-testid="how-features">
        <h2 className="card__title">{t('how.featuresTitle')}</h2>
        <p className="how-section__body">{t('how.featuresBody')}</p>
        <ul className="how-list">
          {RANKING_FEATURES.map((feature) => (
            <li key={feature}>{t(`how.feature.${feature}`)}</li>
          ))}
        </ul>
      </section>

      <section className="card how-section" data-testid="how-objectives">
        <h2 className="card__title">{t('how.objectivesTitle')}</h2>
        <p className="how-section__body">{t('how.objectivesBody')}</p>
        <ul className="weights">
          {parameters.objectives.map(({ objective, weight }) => {
            const share = totalWeight > 0 ? Math.max(0, weight) / totalWeight : 0;
            return (
              <li key={objective} className="weights__row" data-testid="how-objective">
                <span className="weights__label">{t(`objective.${objective}`)}</span>
                <span className="weights__value" aria-label={t('how.weight', { weight: number.format(weight) })}>
                  {percent.format(share)}
                </span>
                <span className="weights__bar" aria-hidden="true">
                  <span style={{ width: `${share * 100}%` }} />
                </span>
              </li>
            );
          })}
        </ul>
      </section>

      <section className="card how-section" data-testid="how-variety">
        <h2 className="card__title">{t('how.varietyTitle')}</h2>
        <ul className="how-list">
          <li>{t('how.exploration', { share: percent.format(parameters.explorationShare) })}</li>
          <li>{tn('how.maxPerAuthor', parameters.maxPerAuthor, number.format(parameters.maxPerAuthor))}</li>
          {parameters.seenWindowDays > 0 && <li>{tn('how.seenWindow', parameters.seenWindowDays, number.format(parameters.seenWindowDays))}</li>}
          <li>{t('how.safety')}</li>
        </ul>
      </section>

      <section className="card how-section" data-testid="how-modes">
        <h2 className="card__title">{t('how.controlTitle')}</h2>
        <p className="how-section__body">{t('how.controlBody')}</p>
        <ul className="how-list">
          {alternatives.map((mode) => (
            <li key={mode}>
              <strong className="how-list__name">{t(`feedMode.${mode}`)}</strong>
              {t(`feedMode.${mode}Hint`)}
            </li>
          ))}
        </ul>
        <a className="button button--secondary button--md" href="/me/feed" data-testid="how-change-feed">
          <span>{t('how.changeFeed')}</span>
        </a>
      </section>
    </>
  );
}
