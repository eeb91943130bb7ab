import { Component, type ErrorInfo, type ReactNode } from 'react';
import { storedLang, translate } from '../i18n/i18n.tsx';

/** Last line of defence: shows what happened instead of a blank screen. Saved data is untouched. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('UI error', error.message, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    const lang = storedLang();
    return (
      <div className="fatal" role="alert">
        <h1>{translate(lang, 'fatal.title')}</h1>
        <p>{this.state.error.message}</p>
        <p>{translate(lang, 'fatal.safe')}</p>
        <button type="button" onClick={() => window.location.reload()}>
          {translate(lang, 'fatal.reload')}
        </button>
      </div>
    );
  }
}
