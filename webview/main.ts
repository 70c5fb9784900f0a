// The PAG panel (webview entry, bundled to dist/webview.js). It renders what the host sends
// (src/protocol.ts) and never computes causal results itself; user actions go back as messages.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeProgressRing,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';
import { byId } from './dom';
import { App } from './app/app';
import { installDebugHook } from './app/debugHook';

// No <vscode-tag>: its template (FAST's badge) writes a style attribute, which the panel's strict
// style-src blocks with a console error; the compare view's "reference" tag is a styled span instead.
provideVSCodeDesignSystem().register(
  vsCodeButton(),
  vsCodeCheckbox(),
  vsCodeDropdown(),
  vsCodeOption(),
  vsCodeProgressRing(),
  vsCodeTextField(),
);

installDebugHook(new App(byId('app')));
