import type { MediaAsset } from '@souk/contracts';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/I18nProvider.js';
import { MuteIcon, PlayIcon, VolumeIcon } from '../../ui/icons.js';
import { useFeedSignals } from './FeedSignalsProvider.js';
import { WatchMeter } from './view-tracker.js';

/** Sound stays on for the next videos once the viewer turned it on (a tap is the gesture browsers ask for). */
let soundOn = false;

interface FeedVideoProps {
  postId: string;
  video: MediaAsset;
  /** Filling the screen: plays; otherwise paused. */
  active: boolean;
  /** Next in line: its start is fetched ahead so the swipe shows it at once. */
  preload: boolean;
}

/**
 * A video of the swipe feed: plays muted while it fills the screen, loops,
 * pauses off screen. A tap turns the sound on, after that a tap pauses and
 * resumes; the button in the corner switches the sound. It tells the feed how
 * much of it was played, for the `watch` signal.
 */
export function FeedVideo({ postId, video, active, preload }: FeedVideoProps) {
  const t = useT();
  const { registerWatch } = useFeedSignals();
  const element = useRef<HTMLVideoElement>(null);
  const meter = useRef(new WatchMeter());
  const [muted, setMuted] = useState(!soundOn);
  const [paused, setPaused] = useState(false);

  useEffect(
    () => registerWatch(postId, () => meter.current.share(element.current?.duration ?? (video.durationMs ?? 0) / 1000)),
    [registerWatch, postId, video.durationMs],
  );

  useEffect(() => {
    const player = element.current;
    if (!player) return;
    if (!active) {
      player.pause();
      return;
    }
    // Each time it comes into view it starts over, and its watch share is counted afresh.
    meter.current.reset();
    player.currentTime = 0;
    player.muted = !soundOn;
    setMuted(!soundOn);
    setPaused(false);
    player.play().catch(() => {
      // Sound without a recent gesture is refused by autoplay rules: fall back to muted.
      if (!player.muted) {
        player.muted = true;
        setMuted(true);
        player.play().catch(() => setPaused(true));
      } else {
        setPaused(true);
      }
    });
  }, [active]);

  // A hidden page (another app, another tab) stops the video; coming back resumes the one in view.
  useEffect(() => {
    if (!active) return;
    const onVisibility = () => {
      const player = element.current;
      if (!player) return;
      if (document.visibilityState === 'hidden') player.pause();
      else void player.play().catch(() => setPaused(true));
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [active]);

  const setSound = (on: boolean) => {
    const player = element.current;
    if (!player) return;
    soundOn = on;
    player.muted = !on;
    setMuted(!on);
    if (player.paused) void player.play().catch(() => setPaused(true));
  };

  const tap = () => {
    const player = element.current;
    if (!player) return;
    if (player.muted) return setSound(true);
    if (player.paused) void player.play().then(() => setPaused(false), () => setPaused(true));
    else player.pause();
  };

  return (
    <div className="feed-video">
      <video
        ref={element}
        src={video.url}
        poster={video.thumbUrl}
        muted
        loop
        playsInline
        preload={active || preload ? 'auto' : 'metadata'}
        onTimeUpdate={(event) => meter.current.update(event.currentTarget.currentTime)}
        onPause={() => {
          meter.current.pause();
          if (active) setPaused(true);
        }}
        onPlay={() => setPaused(false)}
        onClick={tap}
        aria-label={t('post.video')}
        data-testid="feed-video"
      />
      {paused && (
        <button type="button" className="feed-video__play" onClick={tap} aria-label={t('feed.play')}>
          <PlayIcon size={56} />
        </button>
      )}
      <button
        type="button"
        className="feed-video__sound"
        onClick={() => setSound(muted)}
        aria-label={muted ? t('feed.soundOn') : t('feed.soundOff')}
        aria-pressed={!muted}
        data-testid="feed-sound"
      >
        {muted ? <MuteIcon size={18} /> : <VolumeIcon size={18} />}
        {muted && <span>{t('feed.tapForSound')}</span>}
      </button>
    </div>
  );
}
